from django.urls import path

from . import security_views as views

app_name = "security"

urlpatterns = [
    path("sign-in/security-code/", views.code, name="code"),
    path("sign-in/recovery-code/", views.recovery_code, name="recovery_code"),
    path("sign-in/set-up-authenticator/", views.set_up, name="set_up"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("account/password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("reset-password/", views.ResetPasswordView.as_view(), name="password_reset"),
    path("reset-password/check-your-email/", views.ResetPasswordSentView.as_view(), name="password_reset_sent"),
    path("reset-password/<uidb64>/<token>/", views.ResetPasswordConfirmView.as_view(), name="password_reset_confirm"),
    path("reset-password/done/", views.ResetPasswordCompleteView.as_view(), name="password_reset_complete"),
    path("session/", views.session, name="session"),
    path("session/timed-out/", views.timed_out, name="timed_out"),
]
