"""The customer portal, mounted at /portal/ by config/urls.py."""

from django.urls import path

from mostrador.web.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/<slug:case_type>/", views.new_case, name="new"),
    path("receipt/<str:token>/", views.receipt, name="receipt"),
    path("receipt/<str:token>/pdf/", views.receipt_pdf, name="receipt-pdf"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/sent/", views.sign_in_sent, name="sign-in-sent"),
    path("sign-in/link/", views.sign_in_link, name="sign-in-link"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("cases/", views.my_cases, name="cases"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("rights/", views.rights_index, name="rights-index"),
    path("rights/<str:profile>/", views.rights, name="rights"),
]
