"""Top-level URLs: the staff UI at the root, the REST API under /api/v1, the Django admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mostrador.api.api import api
from mostrador.web.views import AdminLoginView, favicon

admin.site.site_header = _("Mostrador administration")
admin.site.site_title = _("Mostrador administration")
admin.site.index_title = _("Departments, staff, customers and settings")

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", favicon, name="favicon"),
    # The admin's sign-in is the staff one, with its second step; its own has none.
    path("admin/login/", AdminLoginView.as_view(), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("portal/", include("mostrador.web.portal.urls")),
    path("", include("mostrador.web.urls")),
]
