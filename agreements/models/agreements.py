"""Agreements, their initial contacts, and the append-only lifecycle history.

The rules for moving between stages live in ``agreements/lifecycle.py``; the
models only hold what was recorded.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Stage(models.TextChoices):
    """Where an agreement stands: the last step of the path it has taken."""

    EXPLORATION = "exploration", _("Initiative and exploration")
    LOI = "loi", _("Letter of Intent")
    PLAN = "plan", _("Cooperation plan")
    DPRD_APPROVAL = "dprd", _("DPRD approval")
    VERIFIED = "verified", _("Central verification")
    FULL_POWERS = "full_powers", _("Full Powers")
    MOU = "mou", _("MoU in force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    DROPPED = "dropped", _("Dropped")


class StageAction(models.TextChoices):
    """What a history entry records; most actions move the stage, renewal keeps it."""

    OPENED = "opened", _("Cooperation opened")
    LOI = "loi", _("Letter of Intent signed")
    PLAN = "plan", _("Cooperation plan agreed")
    DPRD_APPROVAL = "dprd", _("DPRD approved")
    VERIFIED = "verified", _("Verified by the central government")
    FULL_POWERS = "full_powers", _("Full Powers received")
    MOU_SIGNED = "mou", _("MoU signed")
    RENEWED = "renewed", _("MoU renewed")
    EXPIRED = "expired", _("MoU expired")
    TERMINATED = "terminated", _("Terminated")
    DROPPED = "dropped", _("Dropped")
    HANDED_OVER = "handover", _("File handed over")
    RECEIVED = "received", _("Answer received")
    CORRECTED = "corrected", _("Correction")


class Holder(models.TextChoices):
    """Who holds an agreement's file while a step waits."""

    BUREAU = "bureau", _("Cooperation Bureau")
    WORK_UNIT = "work_unit", _("Work unit")
    GOVERNOR = "governor", _("Governor's office")
    DPRD = "dprd", _("DPRD")
    KEMENDAGRI = "kemendagri", _("Ministry of Home Affairs (Kemendagri)")
    KEMLU = "kemlu", _("Ministry of Foreign Affairs (Kemlu)")
    PARTNER = "partner", _("Partner")


# Before the signing: the file is on its way, someone holds it.
PRE_SIGNING_STAGES = frozenset(
    {
        Stage.EXPLORATION,
        Stage.LOI,
        Stage.PLAN,
        Stage.DPRD_APPROVAL,
        Stage.VERIFIED,
        Stage.FULL_POWERS,
    }
)
# An agreement may still lack its sectors and coordinating unit here (a prospect).
PROSPECT_STAGES = frozenset({Stage.EXPLORATION, Stage.DROPPED})


def holder_label(holder: str, unit=None) -> str:
    """A holder in words: the work unit's name when a unit holds the file."""
    if holder == Holder.WORK_UNIT and unit is not None:
        return unit.name
    return str(Holder(holder).label)


class AgreementKind(models.TextChoices):
    SISTER_PROVINCE = "sister_province", _("Sister province")
    SISTER_CITY = "sister_city", _("Sister city")
    OTHER = "other", _("Other cooperation")


class Agreement(models.Model):
    """One cooperation with a foreign partner, e.g. "Sister Province NTB – Zhejiang".

    ``stage`` and the key dates are never edited by a form: the lifecycle
    service sets them from the history (StageEvent) in the same transaction
    that writes the history row.
    """

    title = models.CharField(_("title"), max_length=255)
    partner = models.ForeignKey(
        "agreements.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=AgreementKind.choices, default=AgreementKind.OTHER
    )
    sectors = models.ManyToManyField(
        "agreements.Sector", verbose_name=_("sectors"), related_name="agreements"
    )
    coordinating_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("coordinating work unit"),
        on_delete=models.PROTECT,
        related_name="coordinated_agreements",
        # A prospect may not know it yet; the Letter of Intent requires it.
        null=True,
        blank=True,
    )
    summary = models.TextField(_("summary"), blank=True)

    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.EXPLORATION, editable=False
    )
    stage_since = models.DateField(_("in this stage since"), editable=False)
    first_contact_date = models.DateField(_("first contact"), editable=False)
    loi_date = models.DateField(_("Letter of Intent date"), null=True, editable=False)
    kemlu_consulted_on = models.DateField(_("Kemlu consulted on"), null=True, editable=False)
    plan_date = models.DateField(_("cooperation plan date"), null=True, editable=False)
    dprd_approval_date = models.DateField(_("DPRD approval date"), null=True, editable=False)
    dprd_decision_number = models.CharField(
        _("DPRD decision number"), max_length=100, blank=True, editable=False
    )
    verified_date = models.DateField(_("verification date"), null=True, editable=False)
    verification_number = models.CharField(
        _("verification letter number"), max_length=100, blank=True, editable=False
    )
    full_powers_date = models.DateField(_("Full Powers date"), null=True, editable=False)
    full_powers_number = models.CharField(
        _("Full Powers number"), max_length=100, blank=True, editable=False
    )
    mou_signed_date = models.DateField(_("MoU signing date"), null=True, editable=False)
    mou_number = models.CharField(_("MoU number"), max_length=100, blank=True, editable=False)
    mou_signatories = models.TextField(_("signatories"), blank=True, editable=False)
    mou_languages = models.CharField(
        _("language versions"), max_length=200, blank=True, editable=False
    )
    valid_until = models.DateField(_("MoU valid until"), null=True, editable=False)

    # Who holds the file now, since when, and the letter it went with: derived from the
    # history's handovers, like the stage.
    holder = models.CharField(
        _("held by"), max_length=16, choices=Holder.choices, default=Holder.BUREAU, editable=False
    )
    holder_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("held by the work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="held_agreements",
    )
    held_since = models.DateField(_("held since"), null=True, editable=False)
    holder_reference = models.CharField(
        _("letter of the handover"), max_length=100, blank=True, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="agreement_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(mou_signed_date__isnull=True)
                | Q(valid_until__gt=models.F("mou_signed_date")),
                name="agreement_validity_after_signing",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=[Stage.MOU, Stage.EXPIRED, Stage.TERMINATED])
                | (Q(mou_signed_date__isnull=False) & Q(valid_until__isnull=False)),
                name="agreement_mou_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(stage_since__gte=models.F("first_contact_date")),
                name="agreement_stage_after_first_contact",
            ),
            # A prospect (exploration, or dropped from it) may lack its coordinating
            # unit; from the Letter of Intent on it has one.
            models.CheckConstraint(
                condition=Q(stage__in=[Stage.EXPLORATION, Stage.DROPPED])
                | Q(coordinating_unit__isnull=False),
                name="agreement_unit_from_loi",
            ),
            models.CheckConstraint(
                condition=Q(holder__in=Holder.values), name="agreement_holder_valid"
            ),
            models.CheckConstraint(
                condition=Q(holder=Holder.WORK_UNIT, holder_unit__isnull=False)
                | (~Q(holder=Holder.WORK_UNIT) & Q(holder_unit__isnull=True)),
                name="agreement_holder_unit",
            ),
        ]
        indexes = [models.Index(fields=["stage", "stage_since"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_in_force(self) -> bool:
        return self.stage == Stage.MOU

    @property
    def is_before_signing(self) -> bool:
        """On its way to the MoU: someone holds the file (see holder)."""
        return self.stage in (
            Stage.EXPLORATION,
            Stage.LOI,
            Stage.PLAN,
            Stage.DPRD_APPROVAL,
            Stage.VERIFIED,
            Stage.FULL_POWERS,
        )

    @property
    def is_prospect(self) -> bool:
        """An exploration whose sectors or coordinating unit are not known yet."""
        return (
            self.stage in (Stage.EXPLORATION, Stage.DROPPED) and self.coordinating_unit_id is None
        )

    @property
    def holder_name(self) -> str:
        """Who holds the file, in words: the work unit's name when a unit holds it."""
        if self.holder == Holder.WORK_UNIT and self.holder_unit is not None:
            return self.holder_unit.name
        return self.get_holder_display()


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    VIDEO_CALL = "video_call", _("Video conference")


class Initiator(models.TextChoices):
    """Who started a contact: the study's list of the people cooperation starts with."""

    OFFICIAL = "official", _("Government official")
    AMBASSADOR = "ambassador", _("Ambassador")
    CONSUL_GENERAL = "consul_general", _("Consul general")
    BUSINESS = "business", _("Business people")
    COMMUNITY = "community", _("Community figure")
    EDUCATION = "education", _("Education figure")
    GOVERNMENT_ORG = "government_org", _("Government organisation")
    NGO = "ngo", _("Non-governmental organisation")


class Contact(models.Model):
    """A visit, meeting or letter, mostly in the initial phase of a cooperation."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    initiator_type = models.CharField(_("initiated by"), max_length=20, choices=Initiator.choices)
    initiator_name = models.CharField(
        _("initiator's name"), max_length=200, blank=True, help_text=_("Person or organisation.")
    )
    participants = models.TextField(_("participants"), help_text=_("Who took part, one per line."))
    location = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values), name="contact_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(initiator_type__in=Initiator.values), name="contact_initiator_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class AppendOnlyError(Exception):
    """Raised on an attempt to rewrite or delete lifecycle history."""


class LifecycleEventQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's own guard; history refuses them too."""

    def delete(self):
        raise AppendOnlyError("Lifecycle history is append-only.")

    def update(self, **kwargs):
        raise AppendOnlyError("Lifecycle history is append-only.")


# Kept under its old name: migrations and tests import it.
StageEventQuerySet = LifecycleEventQuerySet


class LifecycleEvent(models.Model):
    """One entry of a lifecycle history (an agreement's, a PKS's). Append-only.

    A mistaken step is undone by a CORRECTED entry pointing at it (``corrects``, on the
    concrete model); both stay in the history. The concrete model adds what the entry
    belongs to and the choices of its actions and stages.
    """

    date = models.DateField(_("date"))
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the portal recorded it by itself (expiry)."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LifecycleEventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.date:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Lifecycle history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Lifecycle history is append-only.")

    @property
    def is_corrected(self) -> bool:
        return hasattr(self, "correction")


class StageEvent(LifecycleEvent):
    """One entry of an agreement's lifecycle history: a step, a handover of the file, an
    answer received, a correction."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="stage_events",
    )
    action = models.CharField(_("action"), max_length=16, choices=StageAction.choices)
    from_stage = models.CharField(_("from stage"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=Stage.choices)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    # The Letter of Intent's consultation of Kemlu.
    consulted_on = models.DateField(_("Kemlu consulted on"), null=True, blank=True)
    # The signing's evidence besides the document.
    signatories = models.TextField(_("signatories"), blank=True)
    languages = models.CharField(_("language versions"), max_length=200, blank=True)
    # A handover: to whom the file went (the letter is the reference number).
    holder = models.CharField(_("handed to"), max_length=16, choices=Holder.choices, blank=True)
    holder_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("handed to the work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A renewal: the evaluation it rests on, or, for one recorded as history of the past
    # (before the portal kept the records, or by an import), none and ``past_record``.
    evaluation = models.ForeignKey(
        "agreements.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
    )
    past_record = models.BooleanField(_("recorded as history of the past"), default=False)

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("stage event")
        verbose_name_plural = _("stage events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=StageAction.values), name="stage_event_action_valid"
            ),
            models.CheckConstraint(
                condition=~Q(
                    action__in=[StageAction.DROPPED, StageAction.TERMINATED, StageAction.CORRECTED]
                )
                | ~Q(reason=""),
                name="stage_event_reason_required",
            ),
            models.CheckConstraint(
                condition=~Q(action=StageAction.DPRD_APPROVAL) | ~Q(reference_number=""),
                name="stage_event_dprd_decision_number",
            ),
            models.CheckConstraint(
                condition=~Q(action__in=[StageAction.MOU_SIGNED, StageAction.RENEWED])
                | Q(valid_until__isnull=False),
                name="stage_event_validity_required",
            ),
            models.CheckConstraint(
                condition=(Q(action=StageAction.CORRECTED) & Q(corrects__isnull=False))
                | (~Q(action=StageAction.CORRECTED) & Q(corrects__isnull=True)),
                name="stage_event_correction_target",
            ),
            # A handover names its holder (and the unit, when a unit holds it); no
            # other entry names one.
            models.CheckConstraint(
                condition=(Q(action=StageAction.HANDED_OVER) & Q(holder__in=Holder.values))
                | (~Q(action=StageAction.HANDED_OVER) & Q(holder="")),
                name="stage_event_handover_holder",
            ),
            models.CheckConstraint(
                condition=Q(holder=Holder.WORK_UNIT, holder_unit__isnull=False)
                | (~Q(holder=Holder.WORK_UNIT) & Q(holder_unit__isnull=True)),
                name="stage_event_holder_unit",
            ),
        ]

    @property
    def holder_name(self) -> str:
        """To whom a handover gave the file, in words."""
        return holder_label(self.holder, self.holder_unit) if self.holder else ""
