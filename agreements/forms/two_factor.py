"""The one field of every two-factor page: a code from the app or a backup code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import StyledForm


class TwoFactorCodeForm(StyledForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code that your authenticator app shows, or a backup code."),
        error_messages={
            "required": _("Enter the code from your authenticator app or a backup code."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class AppCodeForm(TwoFactorCodeForm):
    """Confirming the set-up: only the app's 6-digit code will do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = _("The 6-digit code that the app shows now.")
        field.widget.attrs["inputmode"] = "numeric"
