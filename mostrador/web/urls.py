from django.contrib.auth import views as auth_views
from django.urls import path

from mostrador.web import (
    casepage,
    customers,
    inboxes,
    intake,
    messages_email,
    queues,
    security,
    twostep,
    views,
)

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", twostep.login_code, name="login-code"),
    path("two-step/", twostep.two_step, name="two-step"),
    path("two-step/set-up/", twostep.two_step_setup, name="two-step-setup"),
    path("two-step/confirm/", twostep.two_step_confirm, name="two-step-confirm"),
    path("two-step/turn-off/", twostep.two_step_disable, name="two-step-disable"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("queues/", queues.personal_queue, name="queues"),
    path("queues/bulk/", queues.bulk_action, name="queue-bulk"),
    # Saved views of the queues: open one, save the current set-up as one, change, delete.
    path("queues/views/save/", queues.save_view, name="queue-view-save"),
    path("queues/views/<int:view_id>/", queues.saved_view, name="queue-view"),
    path("queues/views/<int:view_id>/change/", queues.change_view, name="queue-view-change"),
    path("queues/views/<int:view_id>/delete/", queues.delete_view, name="queue-view-delete"),
    path(
        "queues/department/<int:department_id>/", queues.department_queue, name="department-queue"
    ),
    path("queues/<str:name>/", queues.personal_queue, name="queue"),
    path("cases/<str:reference>/", casepage.case_detail, name="case"),
    path("cases/<str:reference>/messages/", casepage.add_message, name="case-message"),
    path(
        "cases/<str:reference>/messages/<int:message_id>/original/",
        messages_email.original,
        name="message-original",
    ),
    path(
        "cases/<str:reference>/messages/<int:message_id>/formatted/",
        messages_email.formatted,
        name="message-formatted",
    ),
    path("cases/<str:reference>/presence/", casepage.case_presence, name="case-presence"),
    path("cases/<str:reference>/do/<str:action>/", casepage.case_action, name="case-action"),
    path("approvals/", inboxes.approvals, name="approvals"),
    path("approvals/<int:approval_id>/decide/", casepage.decide, name="approval-decide"),
    path("consultations/", inboxes.consultations, name="consultations"),
    path(
        "consultations/<int:consultation_id>/answer/",
        casepage.answer,
        name="consultation-answer",
    ),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path("intake/", intake.intake, name="intake"),
    path("intake/customers/", intake.find_customer, name="intake-customers"),
    path("intake/done/<str:reference>/", intake.intake_done, name="intake-done"),
    path("followups/", inboxes.followups, name="followups"),
    path("followups/<int:followup_id>/done/", inboxes.followup_done, name="followup-done"),
    path("search/", inboxes.search_page, name="search"),
    path("departments/", views.department_list, name="departments"),
    path("departments/<int:department_id>/", views.department_detail, name="department"),
    path("tokens/", views.token_list, name="tokens"),
    path("security/", security.security_log, name="security-log"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
