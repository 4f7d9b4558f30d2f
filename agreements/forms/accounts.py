"""Forms of one's own account: the profile, and Django's password forms in our words.

The password forms are Django's own, with Bootstrap classes, Indonesian labels and one
help text that states the rules of ``AUTH_PASSWORD_VALIDATORS`` in a sentence.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ..models import NotificationEvent
from ..models.notifications import events_for_role
from .base import StyledForm, StyledFormMixin


class ProfileForm(StyledForm):
    """Name, e-mail address, phone and the events that also come by e-mail. A new address
    needs the current password: whoever holds the address can reset the password, so a
    borrowed session must not be enough."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("A link to reset your password is sent here if you forget it."),
    )
    phone = forms.RegexField(
        label=_("Phone"),
        max_length=32,
        required=False,
        regex=r"^\+?[0-9][0-9 ()-]{5,30}$",
        error_messages={"invalid": _("Enter a phone number, e.g. 0812 3456 7890.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    mail_events = forms.MultipleChoiceField(
        label=_("Also by e-mail"),
        choices=NotificationEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Every notification shows under the bell; the ones ticked here also come by "
            "e-mail at once. The daily reminder e-mail comes in any case."
        ),
    )
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change the e-mail address."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "phone": user.phone,
                "mail_events": [
                    event
                    for event in NotificationEvent.values
                    if event not in (user.muted_mail_events or [])
                ],
            },
        )
        super().__init__(*args, **kwargs)
        # Only the events that reach this user's role are offered.
        self.fields["mail_events"].choices = events_for_role(user.role)
        if not self.fields["mail_events"].choices:
            del self.fields["mail_events"]

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        changed = email is not None and email.strip().lower() != (self.user.email or "").lower()
        if changed and not self.user.check_password(cleaned.get("current_password") or ""):
            self.add_error(
                "current_password", _("Enter your current password to change the e-mail address.")
            )
        return cleaned


def password_rules_text() -> str:
    """The configured rules in one sentence, with the configured minimum length."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return _(
        "At least %(count)s characters. Not a commonly used password, not only digits, "
        "and not like your name, username or e-mail address. A sentence of a few words "
        "is easy to remember and hard to guess."
    ) % {"count": max(lengths, default=8)}


class NewPasswordMixin:
    """Our labels and wording for the two new-password fields of Django's forms."""

    error_messages = {
        "password_mismatch": _("The two new passwords do not match."),
        "password_incorrect": _("Your current password is wrong. Please enter it again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = password_rules_text()
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = ""


class PasswordChangeForm(NewPasswordMixin, StyledFormMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")


class SetPasswordForm(NewPasswordMixin, StyledFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
