"""Uploaded files: one model for every kind, tied to an agreement and optionally
to one of its stage events, contacts, follow-up tasks (and their progress
updates) or coordination requests."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction (disposisi) or request letter")
    STUDY = "study", _("Feasibility study")
    LOI = "loi", _("Letter of Intent")
    COOPERATION_PLAN = "coop_plan", _("Cooperation plan")
    DPRD_DECISION = "dprd_decision", _("DPRD decision")
    FULL_POWERS = "full_powers", _("Full Powers")
    MOU = "mou", _("MoU text")
    AUTHORISATION = "authorisation", _("Governor's authorisation")
    PKS = "pks", _("PKS text")
    WORK_PLAN = "work_plan", _("Annual work plan")
    MINUTES = "minutes", _("Minutes")
    LETTER = "letter", _("Letter")
    REPLY_LETTER = "reply_letter", _("Reply letter")
    TRIP_REPORT = "trip_report", _("Trip report")
    TRAVEL_PERMIT = "travel_permit", _("Official-travel permit")
    PHOTO = "photo", _("Photo")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


def document_upload_to(instance, filename):
    """A server-generated name; the user's file name is kept only as data.

    ``filename`` already carries the extension of the detected content type
    (set by the upload service), never the one the user typed.
    """
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


OWNER_FIELDS = ("stage_event", "contact", "task", "coordination_request", "pks", "visit")


def _at_most_one_owner() -> Q:
    condition = Q()
    for i, first in enumerate(OWNER_FIELDS):
        for second in OWNER_FIELDS[i + 1 :]:
            condition &= Q(**{f"{first}__isnull": True}) | Q(**{f"{second}__isnull": True})
    return condition


class Document(models.Model):
    """An uploaded file: LoI, DPRD decision, MoU text, minutes, letters, photos, reports."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    stage_event = models.ForeignKey(
        "agreements.StageEvent",
        verbose_name=_("stage event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    contact = models.ForeignKey(
        "agreements.Contact",
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    task = models.ForeignKey(
        "agreements.FollowUpTask",
        verbose_name=_("follow-up task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    progress_update = models.ForeignKey(
        "agreements.ProgressUpdate",
        verbose_name=_("progress update"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    coordination_request = models.ForeignKey(
        "agreements.CoordinationRequest",
        verbose_name=_("coordination request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    # A PKS's own documents (its text, its authorisation, its annual work plans).
    pks = models.ForeignKey(
        "agreements.ImplementingAgreement",
        verbose_name=_("implementing agreement (PKS)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    # A visit's trip report and its photos.
    visit = models.ForeignKey(
        "agreements.Visit",
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            # A document hangs on at most one part of the agreement...
            models.CheckConstraint(condition=_at_most_one_owner(), name="document_single_owner"),
            # ...and a progress update's evidence also names the update's task.
            models.CheckConstraint(
                condition=Q(progress_update__isnull=True) | Q(task__isnull=False),
                name="document_progress_has_task",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:document_download", args=[self.pk])
