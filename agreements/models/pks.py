"""Implementing agreements (PKS, *perjanjian kerja sama*) under an MoU, and their history.

A work unit carries out an MoU through a PKS that its head signs, under the Governor's
authorisation (*surat kuasa*), with a foreign counterpart agency. Its path is in
``agreements/pks_lifecycle.py``; like an agreement's stage, its stage and key dates are
set only from its append-only history (PksEvent).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .agreements import LifecycleEvent


class PksStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed by the Bureau")
    AUTHORISED = "authorised", _("Authorised by the Governor")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class PksAction(models.TextChoices):
    DRAFTED = "drafted", _("PKS drafted")
    REVIEWED = "reviewed", _("Reviewed by the Bureau")
    AUTHORISED = "authorised", _("Governor's authorisation recorded")
    SIGNED = "signed", _("PKS signed")
    ADDENDUM = "addendum", _("Addendum signed")
    EXPIRED = "expired", _("PKS expired")
    TERMINATED = "terminated", _("Terminated")
    CORRECTED = "corrected", _("Correction")


class ImplementingAgreement(models.Model):
    """One PKS: a work unit's implementing agreement under an MoU in force."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("MoU"),
        on_delete=models.PROTECT,
        related_name="implementing_agreements",
    )
    title = models.CharField(_("title"), max_length=255)
    work_unit = models.ForeignKey(
        "agreements.WorkUnit",
        verbose_name=_("NTB work unit"),
        on_delete=models.PROTECT,
        related_name="implementing_agreements",
        help_text=_("The NTB work unit that is party to the PKS."),
    )
    counterpart = models.CharField(
        _("counterpart agency"),
        max_length=255,
        help_text=_("The partner's agency, e.g. Zhejiang's culture and tourism department."),
    )
    counterpart_native_name = models.CharField(
        _("counterpart's name in its own script"), max_length=255, blank=True
    )
    signatory_ntb = models.CharField(_("signatory for NTB"), max_length=200, blank=True)
    signatory_partner = models.CharField(
        _("signatory for the counterpart"), max_length=200, blank=True
    )
    commitments = models.ManyToManyField(
        "agreements.Commitment",
        verbose_name=_("MoU commitments it carries out"),
        related_name="implementing_agreements",
        blank=True,
    )
    summary = models.TextField(_("summary"), blank=True)

    # Set from the history only (services/pks.py).
    stage = models.CharField(
        _("stage"), max_length=16, choices=PksStage.choices, default=PksStage.DRAFT, editable=False
    )
    stage_since = models.DateField(_("in this stage since"), editable=False)
    drafted_on = models.DateField(_("drafted on"), editable=False)
    reviewed_on = models.DateField(_("reviewed on"), null=True, editable=False)
    authorisation_number = models.CharField(
        _("authorisation (surat kuasa) number"), max_length=100, blank=True, editable=False
    )
    authorisation_date = models.DateField(_("authorisation date"), null=True, editable=False)
    number = models.CharField(_("PKS number"), max_length=100, blank=True, editable=False)
    signed_on = models.DateField(_("signing date"), null=True, editable=False)
    valid_until = models.DateField(_("valid until"), null=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[commitments])

    class Meta:
        verbose_name = _("implementing agreement (PKS)")
        verbose_name_plural = _("implementing agreements (PKS)")
        ordering = ["agreement__title", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=PksStage.values), name="pks_stage_valid"),
            models.CheckConstraint(
                condition=~Q(stage__in=[PksStage.IN_FORCE, PksStage.EXPIRED, PksStage.TERMINATED])
                | (Q(signed_on__isnull=False) & Q(valid_until__isnull=False)),
                name="pks_signed_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gt=models.F("signed_on")),
                name="pks_validity_after_signing",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=[PksStage.AUTHORISED, PksStage.IN_FORCE])
                | ~Q(authorisation_number=""),
                name="pks_authorised_has_number",
            ),
        ]
        indexes = [models.Index(fields=["stage", "valid_until"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:pks_detail", args=[self.pk])

    @property
    def is_in_force(self) -> bool:
        return self.stage == PksStage.IN_FORCE


class PksEvent(LifecycleEvent):
    """One entry of a PKS's history. Append-only."""

    pks = models.ForeignKey(
        ImplementingAgreement,
        verbose_name=_("implementing agreement (PKS)"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=16, choices=PksAction.choices)
    from_stage = models.CharField(
        _("from stage"), max_length=16, choices=PksStage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=16, choices=PksStage.choices)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("PKS history entry")
        verbose_name_plural = _("PKS history entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=PksAction.values), name="pks_event_action_valid"
            ),
            models.CheckConstraint(
                condition=~Q(action__in=[PksAction.TERMINATED, PksAction.CORRECTED])
                | ~Q(reason=""),
                name="pks_event_reason_required",
            ),
            models.CheckConstraint(
                condition=~Q(action=PksAction.AUTHORISED) | ~Q(reference_number=""),
                name="pks_event_authorisation_number",
            ),
            models.CheckConstraint(
                condition=~Q(action=PksAction.SIGNED) | Q(valid_until__isnull=False),
                name="pks_event_validity_required",
            ),
            models.CheckConstraint(
                condition=(Q(action=PksAction.CORRECTED) & Q(corrects__isnull=False))
                | (~Q(action=PksAction.CORRECTED) & Q(corrects__isnull=True)),
                name="pks_event_correction_target",
            ),
        ]
