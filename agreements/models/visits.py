"""Visits and delegations, and the counterpart directory.

A Visit is an NTB mission abroad or a delegation received in NTB, tied to an agreement
(and optionally to one of its PKS or tasks), with its participants, the budget line
that pays for it, and the trip report afterwards (its documents hang on the visit). A
mission abroad needs the official-travel permit (*izin perjalanan dinas luar negeri*)
of the Ministry of Home Affairs; the warnings on it are health.py's rules.

A Counterpart is a person or office of the partner, or NTB's contact at an embassy or
consulate: personal data (UU 27/2022), seen only by Bureau staff and the agreement's
work units, reviewed by a date, and removable on request, its history purged.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VisitDirection(models.TextChoices):
    OUTGOING = "outgoing", _("NTB mission abroad")
    INCOMING = "incoming", _("Delegation received in NTB")


class PermitDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Visit(models.Model):
    """A mission abroad or a delegation received, within an agreement."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("PKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    task = models.ForeignKey(
        "agreements.FollowUpTask",
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    direction = models.CharField(_("kind of visit"), max_length=16, choices=VisitDirection.choices)
    title = models.CharField(_("title"), max_length=255)
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("departure or arrival"))
    ends_on = models.DateField(_("return or departure"))
    places = models.CharField(_("places"), max_length=255, help_text=_("Cities and venues."))
    budget_line = models.ForeignKey(
        "agreements.BudgetLine",
        verbose_name=_("budget line that pays for it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    # The official-travel permit of a mission abroad (empty for a delegation received).
    permit_submitted_on = models.DateField(_("permit requested on"), null=True, blank=True)
    permit_number = models.CharField(_("permit number"), max_length=100, blank=True)
    permit_decision = models.CharField(
        _("permit decision"), max_length=16, choices=PermitDecision.choices, blank=True
    )
    permit_decided_on = models.DateField(_("permit decided on"), null=True, blank=True)
    clearances = models.TextField(
        _("clearances"),
        blank=True,
        help_text=_("The clearances the permit needs (e.g. Kemlu's political clearance)."),
    )
    trip_report = models.TextField(_("trip report"), blank=True)
    # A visit with the partner during the exploration is also a contact of the prospect.
    contact = models.OneToOneField(
        "agreements.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="visit",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=VisitDirection.values), name="visit_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(permit_decision="") | Q(permit_decision__in=PermitDecision.values),
                name="visit_permit_decision_valid",
            ),
            # A permit is a mission abroad's.
            models.CheckConstraint(
                condition=Q(direction=VisitDirection.OUTGOING)
                | (
                    Q(permit_submitted_on__isnull=True)
                    & Q(permit_number="")
                    & Q(permit_decision="")
                ),
                name="visit_permit_outgoing_only",
            ),
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:visit_detail", args=[self.pk])

    @property
    def is_mission_abroad(self) -> bool:
        return self.direction == VisitDirection.OUTGOING


class VisitParticipant(models.Model):
    """One member of a mission or a delegation."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_participants",
    )
    # For whoever is not from an NTB work unit: the partner's delegates, a university.
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.name


class CounterpartKind(models.TextChoices):
    PARTNER_OFFICIAL = "official", _("Partner's official")
    PARTNER_OFFICE = "office", _("Partner's office")
    EMBASSY = "embassy", _("Contact at the embassy")
    CONSULATE = "consulate", _("Contact at a consulate")


class Counterpart(models.Model):
    """An entry of the counterpart directory of an agreement: personal data."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="counterparts",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CounterpartKind.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    office = models.CharField(_("office"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    review_on = models.DateField(
        _("review by"), help_text=_("When to check that the entry is still right and needed.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")
        ordering = ["agreement", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CounterpartKind.values), name="counterpart_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:counterpart_list", args=[self.agreement_id])


# The fields a removal on request purges from the entry's change history.
COUNTERPART_PERSONAL_FIELDS = ("name", "position", "email", "phone", "notes")
