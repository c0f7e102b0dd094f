from django.contrib.auth import views as auth_views
from django.urls import path

from mostrador.web import queues, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("queues/", queues.personal_queue, name="queues"),
    path("queues/<str:name>/", queues.personal_queue, name="queue"),
    path(
        "queues/department/<int:department_id>/", queues.department_queue, name="department-queue"
    ),
    path("departments/", views.department_list, name="departments"),
    path("departments/<int:department_id>/", views.department_detail, name="department"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
