"""Reads of agreements, scoped to the user."""

from datetime import date

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from .. import health, lifecycle
from ..access import agreements_visible_to, documents_visible_to
from ..lifecycle import history_state
from ..models import Agreement, Contact, Holder, Stage, StageAction, StageEvent
from ..models.agreements import holder_label

# Lifecycle order for sorting by stage (the codes sort alphabetically otherwise).
STAGE_ORDER = Case(
    *[When(stage=stage, then=Value(position)) for position, stage in enumerate(Stage.values)],
    output_field=IntegerField(),
)


def agreement_list(*, user) -> QuerySet[Agreement]:
    """The agreements the user may see, ready to list and sort by stage."""
    return (
        agreements_visible_to(user)
        .select_related("partner", "coordinating_unit", "holder_unit")
        .prefetch_related("sectors")
        .annotate(stage_order=STAGE_ORDER)
        .order_by("title", "pk")
    )


def agreement_timeline(*, agreement: Agreement, user) -> list[dict]:
    """Contacts, stage events and documents of one agreement, newest first, in one list.

    Every document goes through the user's scope: the agreement's own documents are
    shared by the units taking part, but one unit's task evidence and letters are not.
    """
    documents = documents_visible_to(user).filter(agreement=agreement)
    events = list(
        StageEvent.objects.filter(agreement=agreement)
        .select_related("recorded_by", "corrects", "holder_unit", "evaluation")
        .prefetch_related(Prefetch("documents", queryset=documents.order_by("pk")))
        .order_by("pk")
    )
    history = history_state(events)
    contacts = (
        Contact.objects.filter(agreement=agreement)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("documents", queryset=documents))
    )
    loose_documents = documents.filter(
        stage_event__isnull=True, contact__isnull=True
    ).select_related("uploaded_by")
    entries = [
        {
            "kind": "stage",
            "date": e.date,
            "at": e.recorded_at,
            "item": e,
            "undone": history.is_undone(e),
        }
        for e in events
    ]
    entries += [
        {"kind": "contact", "date": c.date, "at": c.recorded_at, "item": c} for c in contacts
    ]
    entries += [
        {"kind": "document", "date": d.uploaded_at.date(), "at": d.uploaded_at, "item": d}
        for d in loose_documents
    ]
    entries.sort(key=lambda entry: (entry["date"], entry["at"]), reverse=True)
    return entries


def agreement_validity(*, agreement: Agreement, timeline: list[dict]) -> dict | None:
    """The validity in effect and the one step that set it: the signed MoU or, after a
    renewal, the latest renewal, with that document's own number (never the signing
    date of one beside the number of another). None before an MoU is signed.

    Read from the page's ``timeline`` (agreement_timeline): the history is read once.
    """
    if agreement.valid_until is None:
        return None
    stage_entries = [t for t in timeline if t["kind"] == "stage" and not t["undone"]]
    events = sorted((t["item"] for t in stage_entries), key=lambda e: e.pk)
    setting = [e for e in events if e.action in (StageAction.MOU_SIGNED, StageAction.RENEWED)]
    if not setting:
        return None
    event = setting[-1]
    return {
        "valid_from": event.date,
        "valid_until": event.valid_until or agreement.valid_until,
        "number": event.reference_number,
        "renewal": event.action == StageAction.RENEWED,
        "event": event,
    }


def file_position(*, agreement: Agreement, timeline: list[dict], today: date) -> dict | None:
    """Where the file of an agreement before signing is: the step it waits for, who holds
    it, since when, against which guideline, and every wait so far (newest first).
    None once signed or closed. Read from the page's ``timeline``."""
    if agreement.stage not in lifecycle.PRE_SIGNING_STAGES:
        return None
    events = sorted((t["item"] for t in timeline if t["kind"] == "stage"), key=lambda e: e.pk)
    units = {e.holder_unit_id: e.holder_unit for e in events if e.holder_unit_id}
    waits = [
        {
            "stage": Stage(w.stage).label,
            "holder": holder_label(w.holder, units.get(w.holder_unit_id)),
            "start": w.start,
            "end": w.end,
            "days": w.days(today),
            "reference": w.reference,
        }
        for w in history_state(events).waits
    ]
    return {
        "awaited": lifecycle.next_step(agreement.kind, agreement.stage),
        "holder": agreement.holder_name,
        "by_bureau": agreement.holder == Holder.BUREAU,
        "since": agreement.held_since,
        "days": health.days_held(agreement, today),
        "guideline": health.guideline_days(agreement.kind, agreement.stage),
        "delayed": health.agreement_is_delayed(agreement, today),
        "reference": agreement.holder_reference,
        "waits": list(reversed(waits)),
    }
