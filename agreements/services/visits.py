"""The writes on visits and delegations, and on the counterpart directory.

A visit with the partner while the agreement is still being explored (no Letter of
Intent on its first day) is also a contact of the prospect: saving it makes or updates
that Contact. A counterpart entry is personal data (UU 27/2022): its removal on request
deletes it and purges its personal fields from every row of its change history.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import access, health
from ..access import Right
from ..models import Contact, Counterpart, Visit
from ..models.agreements import ContactKind, Initiator
from ..models.visits import (
    COUNTERPART_PERSONAL_FIELDS,
    CounterpartKind,
    VisitDirection,
    VisitParticipant,
)
from .base import save_as
from .documents import document_create


class VisitError(Exception):
    """A visit or counterpart write the rules refuse; the message is shown as is."""


VISIT_FIELDS = (
    "direction",
    "title",
    "purpose",
    "starts_on",
    "ends_on",
    "places",
    "pks",
    "task",
    "budget_line",
    "permit_submitted_on",
    "permit_number",
    "permit_decision",
    "permit_decided_on",
    "clearances",
    "trip_report",
)
PERMIT_FIELDS = (
    "permit_submitted_on",
    "permit_number",
    "permit_decision",
    "permit_decided_on",
    "clearances",
)
TEXT_FIELDS = ("title", "purpose", "places", "permit_number", "clearances", "trip_report")
PARTICIPANT_FIELDS = ("name", "position", "work_unit", "organisation")
COUNTERPART_FIELDS = ("kind", "name", "position", "office", "email", "phone", "notes", "review_on")
# What the change history of a removed entry says in place of its personal data.
REMOVED_REASON = "removed on request (UU 27/2022)"


def _check_visit(agreement, fields: dict) -> dict:
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if fields.get("direction") not in VisitDirection.values:
        raise VisitError(_("Choose whether this is a mission abroad or a delegation received."))
    if not fields.get("title"):
        raise VisitError(_("Give the visit a title."))
    if not fields.get("purpose"):
        raise VisitError(_("Say what the visit is for."))
    if not fields.get("places"):
        raise VisitError(_("Name the places of the visit."))
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts is None or ends is None:
        raise VisitError(_("Give the first and the last day of the visit."))
    if ends < starts:
        raise VisitError(_("The visit cannot end before it starts."))
    for name in ("pks", "task", "budget_line"):
        fields.setdefault(name, None)
    pks, task, line = fields["pks"], fields["task"], fields["budget_line"]
    if pks is not None and pks.agreement_id != agreement.pk:
        raise VisitError(_("The PKS must be one of this agreement's."))
    if task is not None and task.commitment.agreement_id != agreement.pk:
        raise VisitError(_("The follow-up task must be one of this agreement's."))
    if line is not None and line.commitment.agreement_id != agreement.pk:
        raise VisitError(_("The budget line must be one of this agreement's."))
    if fields["direction"] == VisitDirection.INCOMING:
        if any(fields.get(name) for name in PERMIT_FIELDS):
            raise VisitError(_("A delegation received has no official-travel permit."))
        for name in PERMIT_FIELDS:
            fields[name] = None if name.endswith("_on") else ""
    else:
        for name in PERMIT_FIELDS:
            fields.setdefault(name, None if name.endswith("_on") else "")
        fields["permit_decision"] = fields["permit_decision"] or ""
        if fields["permit_decision"] and not fields["permit_submitted_on"]:
            raise VisitError(_("A permit is decided only once it was requested."))
        decided = fields["permit_decided_on"]
        if decided and fields["permit_submitted_on"] and decided < fields["permit_submitted_on"]:
            raise VisitError(_("The permit cannot be decided before it was requested."))
    return fields


def _clean_participants(participants) -> list[dict]:
    rows = []
    for row in participants:
        row = {k: row.get(k) for k in ("id", *PARTICIPANT_FIELDS)}
        for name in ("name", "position", "organisation"):
            row[name] = (row[name] or "").strip()
        if not row["name"]:
            raise VisitError(_("Give every participant's name."))
        rows.append(row)
    return rows


def _save_participants(visit: Visit, participants: list[dict], actor) -> None:
    """Make the visit's participants these: keep (and update) those named by id, add the
    new ones, remove the others; the change history records each."""
    existing = {p.pk: p for p in visit.participants.all()}
    kept = set()
    for row in participants:
        participant = existing.get(row.get("id")) if row.get("id") else None
        if participant is None:
            participant = VisitParticipant(visit=visit)
        else:
            kept.add(participant.pk)
            if all(getattr(participant, k) == row[k] for k in PARTICIPANT_FIELDS):
                continue
        for name in PARTICIPANT_FIELDS:
            setattr(participant, name, row[name])
        save_as(participant, actor)
    for pk, participant in existing.items():
        if pk not in kept:
            participant._history_user = actor
            participant.delete()


def _contact_fields(visit: Visit) -> dict:
    lines = []
    for p in visit.participants.select_related("work_unit").order_by("pk"):
        where = p.work_unit.name if p.work_unit else p.organisation
        lines.append(", ".join(part for part in (p.name, p.position, where) if part))
    incoming = visit.direction == VisitDirection.INCOMING
    return {
        "date": visit.starts_on,
        "kind": ContactKind.VISIT,
        "initiator_type": Initiator.OFFICIAL,
        "initiator_name": visit.agreement.partner.name if incoming else "",
        "participants": "\n".join(lines) or visit.title,
        "location": visit.places[:200],
        "notes": visit.purpose,
    }


def _sync_contact(visit: Visit, actor) -> None:
    """A visit during the exploration is a contact of the prospect: make or update it. A
    visit moved past the Letter of Intent no longer is one: the contact it made goes,
    unless documents were filed under it."""
    contact = visit.contact
    if health.visit_is_exploratory(visit):
        fields = _contact_fields(visit)
        if contact is None:
            contact = Contact.objects.create(
                agreement=visit.agreement, recorded_by=actor or visit.created_by, **fields
            )
            Visit.objects.filter(pk=visit.pk).update(contact=contact)
            visit.contact = contact
        else:
            Contact.objects.filter(pk=contact.pk).update(**fields)
    elif contact is not None and not contact.documents.exists():
        Visit.objects.filter(pk=visit.pk).update(contact=None)
        visit.contact = None
        contact.delete()


@transaction.atomic
def visit_create(*, agreement, actor, participants=(), **fields) -> Visit:
    """Record a mission abroad or a delegation received, with its participants; or refuse
    with a VisitError and save nothing."""
    if actor is not None and not access.can(actor, Right.RECORD_VISIT):
        raise VisitError(_("You may not record visits."))
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise VisitError(
            _("These fields are not edited here: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    fields = _check_visit(agreement, dict(fields))
    rows = _clean_participants(participants)
    visit = Visit(agreement=agreement, created_by=actor, **fields)
    save_as(visit, actor)
    _save_participants(visit, rows, actor)
    _sync_contact(visit, actor)
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, actor, participants=None, **fields) -> Visit:
    """Change a visit (and, given, its participants); the contact it made follows."""
    if actor is not None and not access.can(actor, Right.RECORD_VISIT, visit):
        raise VisitError(_("You may not record visits."))
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise VisitError(
            _("These fields are not edited here: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    locked = (
        Visit.objects.select_for_update(of=("self",))  # a nullable join cannot be locked
        .select_related("agreement__partner", "contact", "created_by")
        .get(pk=visit.pk)
    )
    current = {name: getattr(locked, name) for name in VISIT_FIELDS}
    fields = _check_visit(locked.agreement, {**current, **fields})
    rows = _clean_participants(participants) if participants is not None else None
    if any(getattr(locked, k) != v for k, v in fields.items()):
        for name, value in fields.items():
            setattr(locked, name, value)
        save_as(locked, actor)
    if rows is not None:
        _save_participants(locked, rows, actor)
    _sync_contact(locked, actor)
    return locked


@transaction.atomic
def visit_document_create(*, visit: Visit, actor, file, kind, title=""):
    """File the trip report, a photo or the permit under the visit."""
    if actor is not None and not access.can(actor, Right.RECORD_VISIT, visit):
        raise VisitError(_("You may not record visits."))
    return document_create(
        agreement=visit.agreement, actor=actor, file=file, kind=kind, title=title, visit=visit
    )


# --- the counterpart directory -----------------------------------------------------------


def _check_counterpart(fields: dict) -> dict:
    for name in ("name", "position", "office", "email", "phone", "notes"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if fields.get("kind") not in CounterpartKind.values:
        raise VisitError(_("Choose the kind of counterpart."))
    if not fields.get("name"):
        raise VisitError(_("Give the counterpart's name."))
    if fields.get("review_on") is None:
        raise VisitError(_("Give the date by which the entry is reviewed."))
    return fields


@transaction.atomic
def counterpart_create(*, agreement, actor, **fields) -> Counterpart:
    if actor is not None and not access.can(actor, Right.MANAGE_COUNTERPARTS):
        raise VisitError(_("You may not change the counterpart directory."))
    fields = _check_counterpart({name: fields.get(name) for name in COUNTERPART_FIELDS})
    return save_as(Counterpart(agreement=agreement, created_by=actor, **fields), actor)


@transaction.atomic
def counterpart_update(*, counterpart: Counterpart, actor, **fields) -> Counterpart:
    if actor is not None and not access.can(actor, Right.MANAGE_COUNTERPARTS):
        raise VisitError(_("You may not change the counterpart directory."))
    locked = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    current = {name: getattr(locked, name) for name in COUNTERPART_FIELDS}
    fields = _check_counterpart({**current, **{k: fields[k] for k in fields if k in current}})
    for name, value in fields.items():
        setattr(locked, name, value)
    return save_as(locked, actor)


@transaction.atomic
def counterpart_remove(*, counterpart: Counterpart, actor, reason: str) -> None:
    """Remove an entry on request (UU 27/2022): delete it, and purge its personal fields
    from every row of its change history, the deletion row included. What remains says
    when, by whom and that it was removed on request; the reason is the Bureau's own note
    (the form asks not to name the person)."""
    if actor is not None and not access.can(actor, Right.MANAGE_COUNTERPARTS):
        raise VisitError(_("You may not change the counterpart directory."))
    reason = (reason or "").strip()
    if not reason:
        raise VisitError(_("Say why the entry is removed (e.g. the request's date and form)."))
    locked = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    pk = locked.pk
    locked._history_user = actor
    locked._change_reason = REMOVED_REASON
    locked.delete()
    history = Counterpart.history.model.objects.filter(id=pk)
    history.update(**{name: "" for name in COUNTERPART_PERSONAL_FIELDS})
    # The deletion row keeps the Bureau's note of the request (cut to the column's size).
    note = f"{REMOVED_REASON}: {reason}"[:100]
    history.filter(history_type="-").update(history_change_reason=note)
