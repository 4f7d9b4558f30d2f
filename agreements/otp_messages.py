"""The strings of django-otp that a user can see, declared here so that makemessages keeps
them in the project's catalogue: django-otp ships no Indonesian translation.

Our own two-factor pages use their own messages; these are the error messages of
django-otp's forms (``OTPAuthenticationFormMixin.otp_error_messages``, used by
``OTPTokenForm`` and the OTP admin login form) and the names the portal gives devices.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_OTP_MESSAGES = [
    gettext_noop("Please enter your OTP token."),
    gettext_noop("Error generating challenge: {0}"),
    gettext_noop("The selected OTP device is not interactive"),
    gettext_noop("OTP Challenge: {0}"),
    gettext_noop("Invalid token. Please make sure you have entered it correctly."),
    gettext_noop("Verification of the token is currently disabled"),
    gettext_noop("Please select a device."),
]

# gettext_noop has no plural form; a lazy ngettext is never evaluated here either.
DJANGO_OTP_PLURAL_MESSAGES = [
    ngettext_lazy(
        "Verification temporarily disabled because of %(failure_count)d failed attempt, "
        "please try again soon.",
        "Verification temporarily disabled because of %(failure_count)d failed attempts, "
        "please try again soon.",
        "failure_count",
    ),
]

# As stored by agreements/services/two_factor.py (the admin lists them).
DEVICE_NAMES = [
    gettext_noop("Authenticator app"),
    gettext_noop("Backup codes"),
]
