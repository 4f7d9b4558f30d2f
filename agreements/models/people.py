"""The portal's users: one role each, and a work unit for SKPD officers."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BIRO = "biro", _("Bureau staff")
    SKPD = "skpd", _("SKPD officer")
    LEADERSHIP = "pimpinan", _("Leadership")
    ADMINISTRATOR = "admin", _("Administrator")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Deactivated (is_active off), never deleted.

    Changing an officer's work unit (mutasi) moves their access at once: every
    scope is computed from this field on each request.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("Required for SKPD officers, empty for every other role."),
    )
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The notification events (NotificationEvent values) this user does not want by
    # e-mail; they still show in the portal. Empty: every event comes by e-mail too.
    muted_mail_events = models.JSONField(_("events not sent by e-mail"), default=list, blank=True)
    # Mixed into the session auth hash: a new value ends every session of the user
    # ("log out everywhere") without listing sessions. Empty: Django's own hash.
    session_stamp = models.CharField(
        _("session stamp"), max_length=64, blank=True, default="", editable=False
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="user_role_valid",
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.SKPD) & Q(work_unit__isnull=False))
                | (~Q(role=Role.SKPD) & Q(work_unit__isnull=True)),
                name="user_work_unit_iff_skpd",
                violation_error_message=_(
                    "An SKPD officer needs a work unit; other roles have none."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's HMAC of the password hash, with the session stamp appended.

        Django checks it on every request (and with SECRET_KEY_FALLBACKS, through
        this same method): a session made before the stamp changed no longer
        matches and is flushed. With an empty stamp the value is Django's own, so
        sessions made before this field existed stay valid.
        """
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_stamp, secret=secret, algorithm="sha256"
        ).hexdigest()
