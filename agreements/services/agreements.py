"""Writes on agreements and their contacts. Stage moves live in lifecycle.py."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..lifecycle import LifecycleError, agreement_open
from ..models import Agreement, Contact
from ..models.agreements import ContactKind
from ..models.documents import DocumentKind
from .documents import document_create


def agreement_create(
    *,
    actor,
    title: str,
    partner,
    kind: str,
    sectors,
    coordinating_unit,
    summary: str = "",
    first_contact_date: date,
) -> Agreement:
    """Create an agreement at the initial-contact stage, with its opening history entry."""
    if first_contact_date > timezone.localdate():
        raise LifecycleError(_("The date cannot be in the future."))
    with transaction.atomic():
        agreement = Agreement(
            title=title.strip(),
            partner=partner,
            kind=kind,
            coordinating_unit=coordinating_unit,
            summary=summary.strip(),
            stage_since=first_contact_date,
            first_contact_date=first_contact_date,
            created_by=actor,
        )
        agreement._history_user = actor
        agreement.save()
        agreement.sectors.set(sectors)
        agreement_open(agreement=agreement, actor=actor, first_contact_date=first_contact_date)
    return agreement


def agreement_update(
    *, agreement: Agreement, actor, title, partner, kind, sectors, coordinating_unit, summary=""
) -> Agreement:
    """Edit what describes an agreement; never its stage or key dates."""
    with transaction.atomic():
        agreement.title = title.strip()
        agreement.partner = partner
        agreement.kind = kind
        agreement.coordinating_unit = coordinating_unit
        agreement.summary = summary.strip()
        agreement._history_user = actor
        agreement.save()
        agreement.sectors.set(sectors)
    return agreement


def contact_create(*, agreement: Agreement, actor, attachment=None, **fields) -> Contact:
    """Log a visit, meeting or letter, with an optional attached document."""
    with transaction.atomic():
        contact = Contact.objects.create(agreement=agreement, recorded_by=actor, **fields)
        if attachment is not None:
            document_create(
                agreement=agreement,
                actor=actor,
                file=attachment,
                kind=DocumentKind.LETTER
                if contact.kind == ContactKind.LETTER
                else DocumentKind.MINUTES,
                title=f"{contact.get_kind_display()} {contact.date:%d/%m/%Y}",
                contact=contact,
            )
    return contact
