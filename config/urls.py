"""Top-level URLs: the staff UI at the root, the REST API under /api/v1, the Django admin."""

from django.contrib import admin
from django.urls import include, path

from mostrador.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("mostrador.web.urls")),
]
