"""The sign-in record: every login and failed login of a user, shown on their profile.

Rows are written by the site's auth signal receivers (``cooperation/signals.py``)
through ``services.accounts.sign_in_record_add``. Failed attempts are kept only for
usernames that exist: a flood of invented names must not fill the table (the
security log still records every attempt).
"""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER_AGENT_MAX_LENGTH = 300

# Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"OPR/(\d+)")),
    ("Firefox", re.compile(r"(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"(?:Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+).*Safari/")),
]
_SYSTEMS = [
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
]


def describe_user_agent(user_agent: str) -> str:
    """A short label such as "Firefox 128 · Windows"; the raw text, cut short, otherwise."""
    browser = next(
        (f"{name} {m.group(1)}" for name, rx in _BROWSERS if (m := rx.search(user_agent))), ""
    )
    system = next((name for name, rx in _SYSTEMS if rx.search(user_agent)), "")
    label = " · ".join(part for part in (browser, system) if part)
    if label:
        return label
    return user_agent if len(user_agent) <= 60 else user_agent[:59] + "…"


class SignInOutcome(models.TextChoices):
    SUCCESS = "success", _("Logged in")
    FAILURE = "failure", _("Failed attempt")
    LOCKED_OUT = "locked_out", _("Refused: account locked")


class SignInRecord(models.Model):
    """One login or failed login of a user: when, from which address and browser."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sign_in_records",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=SignInOutcome.choices)

    class Meta:
        verbose_name = _("sign-in record")
        verbose_name_plural = _("sign-in records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "outcome", "-at"], name="signin_user_outcome_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=SignInOutcome.values),
                name="signin_outcome_valid",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_outcome_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def browser(self) -> str:
        return describe_user_agent(self.user_agent)
