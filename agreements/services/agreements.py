"""Writes on agreements and their contacts. Stage moves live in services/lifecycle.py."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Agreement, Contact
from ..models.agreements import PROSPECT_STAGES, ContactKind
from ..models.documents import DocumentKind
from .base import save_as
from .documents import document_create
from .lifecycle import agreement_open
from .reference import partner_create


class AgreementError(Exception):
    """An agreement the rules refuse; the message is shown to the user."""


@transaction.atomic
def agreement_create(
    *,
    actor,
    title: str,
    partner=None,
    new_partner: dict | None = None,
    kind: str,
    sectors=(),
    coordinating_unit=None,
    summary: str = "",
    first_contact_date: date,
) -> Agreement:
    """Create an agreement in exploration, with its opening history entry.

    Its sectors and coordinating unit may be left for later: the agreement is then a
    prospect, and its Letter of Intent asks for them.

    Its partner is an existing ``partner`` or, exactly one of the two, a ``new_partner``
    (the partner's fields) created here, in the same transaction: a refused agreement
    leaves no partner behind.
    """
    if (partner is None) == (new_partner is None):
        raise AgreementError(_("Choose a partner or fill in a new partner."))
    if first_contact_date > timezone.localdate():
        raise AgreementError(_("The date cannot be in the future."))
    if new_partner is not None:
        partner = partner_create(actor=actor, **new_partner)
    agreement = Agreement(
        title=title.strip(),
        partner=partner,
        kind=kind,
        coordinating_unit=coordinating_unit,
        summary=summary.strip(),
        stage_since=first_contact_date,
        first_contact_date=first_contact_date,
        # The Bureau holds the file from the first contact (lifecycle.history_state).
        held_since=first_contact_date,
        created_by=actor,
    )
    save_as(agreement, actor)
    agreement.sectors.set(sectors)
    agreement_open(agreement=agreement, actor=actor, first_contact_date=first_contact_date)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, actor, title, partner, kind, sectors, coordinating_unit, summary=""
) -> Agreement:
    """Edit what describes an agreement; never its stage or key dates.

    From the Letter of Intent on, the sectors and the coordinating unit stay filled.
    """
    if agreement.stage not in PROSPECT_STAGES and (not sectors or coordinating_unit is None):
        raise AgreementError(
            _(
                "From the Letter of Intent on, an agreement needs its sectors and its "
                "coordinating work unit."
            )
        )
    agreement.title = title.strip()
    agreement.partner = partner
    agreement.kind = kind
    agreement.coordinating_unit = coordinating_unit
    agreement.summary = summary.strip()
    save_as(agreement, actor)
    agreement.sectors.set(sectors)
    return agreement


def contact_document_kind(contact_kind: str) -> str:
    """The kind of a document filed under a contact: a letter's copy, else the minutes."""
    return DocumentKind.LETTER if contact_kind == ContactKind.LETTER else DocumentKind.MINUTES


@transaction.atomic
def contact_create(*, agreement: Agreement, actor, attachment=None, **fields) -> Contact:
    """Log a visit, meeting or letter, with an optional attached document."""
    contact = Contact.objects.create(agreement=agreement, recorded_by=actor, **fields)
    if attachment is not None:
        document_create(
            agreement=agreement,
            actor=actor,
            file=attachment,
            kind=contact_document_kind(contact.kind),
            title=f"{contact.get_kind_display()} {contact.date:%d/%m/%Y}",
            contact=contact,
        )
    return contact
