"""The agreement lifecycle: the table of steps and its pure rules.

The writes that move an agreement are in ``services/lifecycle.py``; they, the
selectors, the detail page and the seeders all read the table and the rules here.

Initial contact → Letter of Intent → DPRD approval → MoU signed (in force), then
renewed, expired or terminated; dropped from any stage before the MoU. A
mistaken step is undone by a correction entry; history is never rewritten.

To add a stage (the regulation also knows a cooperation plan and verification
by the central government): add it to ``Stage`` and ``StageAction`` in
``models/agreements.py``, add one ``Step`` below, point the next step's
``from_stages`` at it, and add it to ``PATH`` if it is on the main path.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Agreement, Stage, StageAction, StageEvent
from .models.documents import DocumentKind

# The evidence a step can ask for. Each is a field of StageEvent except DOCUMENT.
DATE = "date"
DOCUMENT = "document"
REFERENCE_NUMBER = "reference_number"
VALID_UNTIL = "valid_until"
REASON = "reason"

PRE_MOU_STAGES = frozenset({Stage.CONTACT, Stage.LOI, Stage.DPRD_APPROVAL})
# Over: no status is given to them (a dropped cooperation is not "on track").
CLOSED_STAGES = frozenset({Stage.EXPIRED, Stage.TERMINATED, Stage.DROPPED})


@dataclass(frozen=True)
class Step:
    """One way of moving an agreement, with the evidence it needs."""

    action: StageAction
    from_stages: frozenset
    to_stage: Stage
    required: frozenset
    optional: frozenset = frozenset()
    # What the button that takes this step says.
    button_label: object = ""
    document_kind: str = DocumentKind.OTHER
    reference_label: object = gettext_lazy("Reference number")
    # Copies evidence onto the agreement's key dates: {StageEvent field: Agreement field}.
    records: dict = field(default_factory=dict)
    # Expiry is recorded by the portal itself (manage.py expire_agreements), never by a person.
    by_person: bool = True
    # Ends the cooperation: its button is drawn as a danger.
    destructive: bool = False

    @property
    def evidence(self) -> frozenset:
        return self.required | self.optional


STEPS: dict[StageAction, Step] = {
    StageAction.LOI: Step(
        action=StageAction.LOI,
        button_label=gettext_lazy("Record the Letter of Intent"),
        from_stages=frozenset({Stage.CONTACT}),
        to_stage=Stage.LOI,
        required=frozenset({DATE, DOCUMENT}),
        document_kind=DocumentKind.LOI,
        records={"date": "loi_date"},
    ),
    StageAction.DPRD_APPROVAL: Step(
        action=StageAction.DPRD_APPROVAL,
        button_label=gettext_lazy("Record the DPRD approval"),
        from_stages=frozenset({Stage.LOI}),
        to_stage=Stage.DPRD_APPROVAL,
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.DPRD_DECISION,
        reference_label=gettext_lazy("DPRD decision number"),
        records={"date": "dprd_approval_date", "reference_number": "dprd_decision_number"},
    ),
    StageAction.MOU_SIGNED: Step(
        action=StageAction.MOU_SIGNED,
        button_label=gettext_lazy("Record the signed MoU"),
        from_stages=frozenset({Stage.DPRD_APPROVAL}),
        to_stage=Stage.MOU,
        required=frozenset({DATE, VALID_UNTIL, DOCUMENT}),
        optional=frozenset({REFERENCE_NUMBER}),
        document_kind=DocumentKind.MOU,
        reference_label=gettext_lazy("MoU number"),
        records={
            "date": "mou_signed_date",
            "valid_until": "valid_until",
            "reference_number": "mou_number",
        },
    ),
    StageAction.RENEWED: Step(
        action=StageAction.RENEWED,
        button_label=gettext_lazy("Renew the MoU"),
        from_stages=frozenset({Stage.MOU, Stage.EXPIRED}),
        to_stage=Stage.MOU,
        required=frozenset({DATE, VALID_UNTIL}),
        optional=frozenset({DOCUMENT, REFERENCE_NUMBER}),
        document_kind=DocumentKind.MOU,
        reference_label=gettext_lazy("MoU number"),
        records={"valid_until": "valid_until", "reference_number": "mou_number"},
    ),
    StageAction.TERMINATED: Step(
        action=StageAction.TERMINATED,
        button_label=gettext_lazy("Terminate the cooperation"),
        from_stages=frozenset({Stage.MOU}),
        to_stage=Stage.TERMINATED,
        required=frozenset({DATE, REASON}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.LETTER,
        destructive=True,
    ),
    StageAction.DROPPED: Step(
        action=StageAction.DROPPED,
        button_label=gettext_lazy("Drop the cooperation"),
        from_stages=PRE_MOU_STAGES,
        to_stage=Stage.DROPPED,
        required=frozenset({DATE, REASON}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.LETTER,
        destructive=True,
    ),
    StageAction.EXPIRED: Step(
        action=StageAction.EXPIRED,
        button_label=gettext_lazy("Mark as expired"),
        from_stages=frozenset({Stage.MOU}),
        to_stage=Stage.EXPIRED,
        required=frozenset({DATE}),
        by_person=False,
    ),
}

# The opening entry records the first contact; it is written by agreement_create.
OPENING_RECORDS = {"date": "first_contact_date"}


@dataclass(frozen=True)
class Milestone:
    """One stage of the main path, and the Agreement date field that says it was reached."""

    stage: Stage
    label: object
    reached_on: str


# The main path, in order; the stage strip of the detail page is drawn from it.
PATH = (
    Milestone(Stage.CONTACT, gettext_lazy("Initial contact"), "first_contact_date"),
    Milestone(Stage.LOI, gettext_lazy("Letter of Intent"), "loi_date"),
    Milestone(Stage.DPRD_APPROVAL, gettext_lazy("DPRD approval"), "dprd_approval_date"),
    Milestone(Stage.MOU, gettext_lazy("MoU signed"), "mou_signed_date"),
)

# Derived view of the table, stage → the stages a person can move it to.
TRANSITIONS: dict[Stage, set[Stage]] = {
    stage: {s.to_stage for s in STEPS.values() if stage in s.from_stages} for stage in Stage
}


class LifecycleError(Exception):
    """A move the lifecycle refuses; the message is shown to the user as is."""


class StepChangedError(LifecycleError):
    """The step a correction names is no longer the last one: it was corrected already
    (a double click), or another step was recorded meanwhile."""


# The key dates and numbers the history sets on an Agreement (besides stage and stage_since).
KEY_FIELDS = tuple(
    dict.fromkeys(
        [*OPENING_RECORDS.values(), *(t for s in STEPS.values() for t in s.records.values())]
    )
)


@dataclass(frozen=True)
class HistoryState:
    """What an agreement's history says: its stage, since when, its key dates and numbers."""

    stage: Stage
    stage_since: date | None
    key_dates: dict
    effective: list  # the events in effect, oldest first
    undone: frozenset  # identities (see _identity) of the steps a correction undid

    @property
    def fields(self) -> dict:
        """The Agreement fields to set: {field name: value}."""
        return {"stage": self.stage, "stage_since": self.stage_since, **self.key_dates}

    def is_undone(self, event) -> bool:
        return _identity(event) in self.undone


def _identity(event):
    # Unsaved events (the seeders plan them before inserting) are told apart by object.
    return event.pk if event.pk is not None else id(event)


def history_state(events: Iterable) -> HistoryState:
    """Derive an agreement's state from its events, in insertion order.

    ``events`` are StageEvents or objects with the same attributes (``action``,
    ``to_stage``, ``date``, the evidence fields, ``pk`` and ``corrects``, the event a
    correction undoes). Corrections and the steps they undo are not in effect.
    """
    events = list(events)
    undone = frozenset(_identity(e.corrects) for e in events if e.action == StageAction.CORRECTED)
    effective = [
        e for e in events if e.action != StageAction.CORRECTED and _identity(e) not in undone
    ]
    key_dates = {target: "" if target.endswith("number") else None for target in KEY_FIELDS}
    stage, since = Stage.CONTACT, None
    for event in effective:
        records = (
            OPENING_RECORDS if event.action == StageAction.OPENED else STEPS[event.action].records
        )
        for source, target in records.items():
            value = getattr(event, source)
            if value not in (None, ""):  # optional evidence left empty keeps the earlier value
                key_dates[target] = value
        if event.to_stage != stage or event.action == StageAction.OPENED:
            since = event.date
        stage = event.to_stage
    return HistoryState(stage, since, key_dates, effective, undone)


def steps_available(agreement: Agreement) -> list[Step]:
    """The steps a person may take from the agreement's current stage, in table order."""
    return [s for s in STEPS.values() if s.by_person and agreement.stage in s.from_stages]


def effective_events(agreement: Agreement) -> list[StageEvent]:
    """The history without corrections and the steps they undid, oldest first."""
    # Insertion order (pk), not the clock: a clock set back must not reorder history.
    events = agreement.stage_events.select_related("corrects").order_by("pk")
    return history_state(events).effective


def last_correctable_event(agreement: Agreement) -> StageEvent | None:
    """The step a correction would undo: the last effective one, never the opening."""
    events = effective_events(agreement)
    if events and events[-1].action != StageAction.OPENED:
        return events[-1]
    return None


def missing_evidence(step: Step, values: dict) -> list[str]:
    """The labels of the evidence the step requires and ``values`` lacks."""
    labels = {
        DATE: _("date"),
        DOCUMENT: _("document"),
        REFERENCE_NUMBER: str(step.reference_label),
        VALID_UNTIL: _("validity end date"),
        REASON: _("reason"),
    }
    missing = []
    for name in sorted(step.required):
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(labels[name])
    return missing


@dataclass(frozen=True)
class StripItem:
    """One stage in the detail page's strip."""

    label: object
    done: bool
    current: bool

    @property
    def css_class(self) -> str:
        return " ".join(name for name, on in (("done", self.done), ("current", self.current)) if on)


def stage_strip(agreement: Agreement) -> list[StripItem]:
    """The main path, each stage done (its date is set) or current; a closed stage last."""
    items = [
        StripItem(m.label, bool(getattr(agreement, m.reached_on)), agreement.stage == m.stage)
        for m in PATH
    ]
    if agreement.stage in CLOSED_STAGES:
        items.append(StripItem(agreement.get_stage_display(), done=False, current=True))
    return items
