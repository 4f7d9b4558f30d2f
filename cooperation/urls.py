"""Root URLs: the site's own pages, then the domain's."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from agreements.forms import accounts as account_forms

from . import login, sessions, views

admin.site.site_header = "Kerja Sama NTB"
admin.site.site_title = "Kerja Sama NTB"
# No second login page: the admin signs in through the portal (throttling, 2FA).
admin.site.login = login.admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", login.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/session-expired/", sessions.session_expired, name="session_expired"),
    # Password change for every user, and reset by e-mail from the login page: Django's
    # own views with our forms and templates (templates/registration/).
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(form_class=account_forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=account_forms.PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_context={"password_reset_hours": settings.PASSWORD_RESET_HOURS},
            extra_email_context={"password_reset_hours": settings.PASSWORD_RESET_HOURS},
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=account_forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The language can be chosen on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("agreements.urls")),
]

# An unreachable database is a 503 page, whatever raised it; other errors stay a 500.
handler500 = "cooperation.outage.server_error"
