"""The lifecycles: the tables of steps and their pure rules.

Two tables share one machinery: an agreement's path under PP 28/2018, Permendagri
25/2020 and UU 24/2000 (``AGREEMENT``), and a PKS's short path (``PKS``). The writes
are in ``services/lifecycle.py`` and ``services/pks.py``; they, the selectors, the
pages and the seeders all read the tables and the rules here. History is never
rewritten: a mistaken step is undone by a correction entry, and both stay.

The agreement's path, in order (each step's evidence and usual holders in STEPS):

  initiative and exploration (the opening) → Letter of Intent → cooperation plan →
  DPRD approval → central verification → Full Powers → MoU signed (in force),
  then renewed, expired or terminated; dropped at any step before the signing.

The steps marked ``skippable`` apply to an agreement kind only when the setting
``LIFECYCLE_STEPS`` (default ``KIND_STEPS`` below) lists them for it; the others apply
to every kind. While a step waits, someone holds the file: the Bureau, unless the
history's last handover gave it to another holder and no answer or step came back.

To add a stage: add it to ``Stage`` and ``StageAction`` (models/agreements.py, a
migration), add one ``Step`` to STEPS at its place on the path (``on_path=True``) with
its guideline in health.DEFAULTS, and add it to KIND_STEPS if it is skippable.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Agreement, Holder, Stage, StageAction, StageEvent
from .models.agreements import PRE_SIGNING_STAGES, AgreementKind
from .models.documents import DocumentKind
from .models.pks import PksAction, PksStage

# The evidence a step can ask for. Each is a field of the history entry except DOCUMENT.
DATE = "date"
DOCUMENT = "document"
REFERENCE_NUMBER = "reference_number"
VALID_UNTIL = "valid_until"
REASON = "reason"
CONSULTED_ON = "consulted_on"
SIGNATORIES = "signatories"
LANGUAGES = "languages"

EVIDENCE_LABELS = {
    DATE: gettext_lazy("date"),
    DOCUMENT: gettext_lazy("document"),
    VALID_UNTIL: gettext_lazy("validity end date"),
    REASON: gettext_lazy("reason"),
    CONSULTED_ON: gettext_lazy("date of the Kemlu consultation"),
    SIGNATORIES: gettext_lazy("signatories"),
    LANGUAGES: gettext_lazy("language versions"),
}

# Over: no status is given to them (a dropped cooperation is not "on track").
CLOSED_STAGES = frozenset({Stage.EXPIRED, Stage.TERMINATED, Stage.DROPPED})


@dataclass(frozen=True)
class Step:
    """One way of moving an agreement or a PKS, with the evidence it needs."""

    action: str
    to_stage: str
    required: frozenset
    optional: frozenset = frozenset()
    # Off the path: the stages it may be taken from. On the path (agreements), the
    # previous step of the kind's path says it.
    from_stages: frozenset = frozenset()
    on_path: bool = False
    # On the path but not for every kind: KIND_STEPS says for which.
    skippable: bool = False
    # What the button that takes this step says.
    button_label: object = ""
    document_kind: str = DocumentKind.OTHER
    reference_label: object = gettext_lazy("Reference number")
    # Copies evidence onto the record's key fields: {history field: record field}.
    records: dict = field(default_factory=dict)
    # Expiry is recorded by the portal itself (manage.py expire_agreements), never by a person.
    by_person: bool = True
    # Ends the cooperation: its button is drawn as a danger.
    destructive: bool = False
    # Who usually holds the file while this step waits (the handover form offers them first).
    holders: tuple = ()
    # The health threshold (health.DEFAULTS) for how long this step may wait.
    guideline: str = ""
    # The right (access.Right's value) a person needs to take it.
    right: str = "manage_agreements"
    # A help line on the step's form: what the evidence is.
    help_text: object = ""

    @property
    def evidence(self) -> frozenset:
        return self.required | self.optional

    @property
    def label(self):
        return self.action.label


STEPS: dict[StageAction, Step] = {
    StageAction.LOI: Step(
        action=StageAction.LOI,
        to_stage=Stage.LOI,
        on_path=True,
        button_label=gettext_lazy("Record the Letter of Intent"),
        required=frozenset({DATE, DOCUMENT}),
        optional=frozenset({CONSULTED_ON}),
        document_kind=DocumentKind.LOI,
        records={"date": "loi_date", "consulted_on": "kemlu_consulted_on"},
        holders=(Holder.BUREAU, Holder.PARTNER, Holder.KEMLU),
        guideline="GUIDE_LOI_DAYS",
        help_text=gettext_lazy(
            "The Letter of Intent, after consulting Kemlu. From this step on the "
            "agreement needs its sectors and its coordinating work unit."
        ),
    ),
    StageAction.PLAN: Step(
        action=StageAction.PLAN,
        to_stage=Stage.PLAN,
        on_path=True,
        skippable=True,
        button_label=gettext_lazy("Record the cooperation plan"),
        required=frozenset({DATE, DOCUMENT}),
        document_kind=DocumentKind.COOPERATION_PLAN,
        records={"date": "plan_date"},
        holders=(Holder.BUREAU, Holder.WORK_UNIT, Holder.PARTNER),
        guideline="GUIDE_PLAN_DAYS",
        help_text=gettext_lazy(
            "The cooperation plan (plan of action), prepared with the work units concerned."
        ),
    ),
    StageAction.DPRD_APPROVAL: Step(
        action=StageAction.DPRD_APPROVAL,
        to_stage=Stage.DPRD_APPROVAL,
        on_path=True,
        skippable=True,
        button_label=gettext_lazy("Record the DPRD approval"),
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.DPRD_DECISION,
        reference_label=gettext_lazy("DPRD decision number"),
        records={"date": "dprd_approval_date", "reference_number": "dprd_decision_number"},
        holders=(Holder.DPRD, Holder.GOVERNOR),
        guideline="GUIDE_DPRD_DAYS",
        help_text=gettext_lazy(
            "The DPRD's decision. The Governor's request to the DPRD is recorded as a "
            "handover of the file, with the request letter's number."
        ),
    ),
    StageAction.VERIFIED: Step(
        action=StageAction.VERIFIED,
        to_stage=Stage.VERIFIED,
        on_path=True,
        skippable=True,
        button_label=gettext_lazy("Record the central verification"),
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.MINUTES,
        reference_label=gettext_lazy("Number of the ministry's answer"),
        records={"date": "verified_date", "reference_number": "verification_number"},
        holders=(Holder.KEMENDAGRI, Holder.KEMLU),
        guideline="GUIDE_VERIFICATION_DAYS",
        help_text=gettext_lazy(
            "The central government's answer on the draft MoU (Kemendagri coordinates, "
            "with an inter-ministerial meeting). The submission is the handover to "
            "Kemendagri; the meeting's minutes are the document."
        ),
    ),
    StageAction.FULL_POWERS: Step(
        action=StageAction.FULL_POWERS,
        to_stage=Stage.FULL_POWERS,
        on_path=True,
        skippable=True,
        button_label=gettext_lazy("Record the Full Powers"),
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.FULL_POWERS,
        reference_label=gettext_lazy("Full Powers letter number"),
        records={"date": "full_powers_date", "reference_number": "full_powers_number"},
        holders=(Holder.KEMLU,),
        guideline="GUIDE_FULL_POWERS_DAYS",
        help_text=gettext_lazy("The Full Powers (Surat Kuasa) from Kemlu for the signatory."),
    ),
    StageAction.MOU_SIGNED: Step(
        action=StageAction.MOU_SIGNED,
        to_stage=Stage.MOU,
        on_path=True,
        button_label=gettext_lazy("Record the signed MoU"),
        required=frozenset({DATE, VALID_UNTIL, DOCUMENT, SIGNATORIES}),
        optional=frozenset({REFERENCE_NUMBER, LANGUAGES}),
        document_kind=DocumentKind.MOU,
        reference_label=gettext_lazy("MoU number"),
        records={
            "date": "mou_signed_date",
            "valid_until": "valid_until",
            "reference_number": "mou_number",
            "signatories": "mou_signatories",
            "languages": "mou_languages",
        },
        holders=(Holder.BUREAU, Holder.PARTNER),
        guideline="GUIDE_SIGNING_DAYS",
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
        from_stages=PRE_SIGNING_STAGES,
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

# The skippable steps each agreement kind takes (override with the LIFECYCLE_STEPS
# setting). A sister province or city takes the whole path; a cooperation with a foreign
# institution that is not a government signs no international agreement, so needs no
# Full Powers from Kemlu.
KIND_STEPS = {
    AgreementKind.SISTER_PROVINCE: {
        StageAction.PLAN,
        StageAction.DPRD_APPROVAL,
        StageAction.VERIFIED,
        StageAction.FULL_POWERS,
    },
    AgreementKind.SISTER_CITY: {
        StageAction.PLAN,
        StageAction.DPRD_APPROVAL,
        StageAction.VERIFIED,
        StageAction.FULL_POWERS,
    },
    AgreementKind.OTHER: {StageAction.PLAN, StageAction.DPRD_APPROVAL, StageAction.VERIFIED},
}

# The opening entry records the first contact; it is written by agreement_create.
OPENING_RECORDS = {"date": "first_contact_date"}

# Where each milestone of the path is dated on the agreement (the stage strip).
REACHED_ON = {
    Stage.EXPLORATION: "first_contact_date",
    Stage.LOI: "loi_date",
    Stage.PLAN: "plan_date",
    Stage.DPRD_APPROVAL: "dprd_approval_date",
    Stage.VERIFIED: "verified_date",
    Stage.FULL_POWERS: "full_powers_date",
    Stage.MOU: "mou_signed_date",
}

STAGE_LABELS = {
    Stage.EXPLORATION: gettext_lazy("Exploration"),
    Stage.LOI: gettext_lazy("Letter of Intent"),
    Stage.PLAN: gettext_lazy("Cooperation plan"),
    Stage.DPRD_APPROVAL: gettext_lazy("DPRD approval"),
    Stage.VERIFIED: gettext_lazy("Verification"),
    Stage.FULL_POWERS: gettext_lazy("Full Powers"),
    Stage.MOU: gettext_lazy("MoU signed"),
}


def kind_steps(kind: str) -> set:
    configured = getattr(settings, "LIFECYCLE_STEPS", None) or {}
    return set(configured.get(kind, KIND_STEPS.get(kind, KIND_STEPS[AgreementKind.OTHER])))


def path_steps(kind: str) -> list[Step]:
    """The steps of the path an agreement of this kind takes, in order."""
    applies = kind_steps(kind)
    return [s for s in STEPS.values() if s.on_path and (not s.skippable or s.action in applies)]


def path_stages(kind: str) -> list[Stage]:
    """The stages of the kind's path, from the exploration to the signed MoU."""
    return [Stage.EXPLORATION, *(s.to_stage for s in path_steps(kind))]


def next_step(kind: str, stage: str) -> Step | None:
    """The step the file waits for in this stage, on the kind's path; None after signing."""
    stages = path_stages(kind)
    if stage not in stages or stage == Stage.MOU:
        return None
    return path_steps(kind)[stages.index(stage)]


def from_stages(step: Step, kind: str) -> frozenset:
    """The stages the step may be taken from, for an agreement of this kind."""
    if not step.on_path:
        return step.from_stages
    steps = path_steps(kind)
    if step not in steps:
        return frozenset()
    index = steps.index(step)
    return frozenset({steps[index - 1].to_stage if index else Stage.EXPLORATION})


@dataclass(frozen=True)
class Milestone:
    """One stage of the main path, and the Agreement date field that says it was reached."""

    stage: Stage
    label: object
    reached_on: str


def path(kind: str = AgreementKind.SISTER_PROVINCE) -> tuple[Milestone, ...]:
    """The kind's main path, in order; the stage strip of the detail page is drawn from it."""
    return tuple(Milestone(s, STAGE_LABELS[s], REACHED_ON[s]) for s in path_stages(kind))


# The whole path (the kind that takes every step).
PATH = path(AgreementKind.SISTER_PROVINCE)


class LifecycleError(Exception):
    """A move the lifecycle refuses; the message is shown to the user as is."""


class StepChangedError(LifecycleError):
    """The step a correction names is no longer the last one: it was corrected already
    (a double click), or another step was recorded meanwhile."""


@dataclass(frozen=True)
class Table:
    """One lifecycle: its steps, its opening and correction entries, its key fields."""

    steps: dict
    initial_stage: str
    opening: str
    correction: str
    opening_records: dict
    # Whether the file's holder is tracked (agreements: yes; a PKS: no).
    holds: bool = False

    @property
    def key_fields(self) -> tuple:
        """The key dates and numbers the history sets on a record."""
        targets = [*self.opening_records.values()]
        targets += [t for s in self.steps.values() for t in s.records.values()]
        return tuple(dict.fromkeys(targets))


AGREEMENT = Table(
    steps=STEPS,
    initial_stage=Stage.EXPLORATION,
    opening=StageAction.OPENED,
    correction=StageAction.CORRECTED,
    opening_records=OPENING_RECORDS,
    holds=True,
)

PKS_STEPS: dict[PksAction, Step] = {
    PksAction.REVIEWED: Step(
        action=PksAction.REVIEWED,
        from_stages=frozenset({PksStage.DRAFT}),
        to_stage=PksStage.REVIEWED,
        required=frozenset({DATE}),
        records={"date": "reviewed_on"},
        button_label=gettext_lazy("Record the Bureau's review"),
        right="approve_pks",
    ),
    PksAction.AUTHORISED: Step(
        action=PksAction.AUTHORISED,
        from_stages=frozenset({PksStage.REVIEWED}),
        to_stage=PksStage.AUTHORISED,
        required=frozenset({DATE, REFERENCE_NUMBER}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.AUTHORISATION,
        reference_label=gettext_lazy("Authorisation (surat kuasa) number"),
        records={"date": "authorisation_date", "reference_number": "authorisation_number"},
        button_label=gettext_lazy("Record the Governor's authorisation"),
        right="approve_pks",
    ),
    PksAction.SIGNED: Step(
        action=PksAction.SIGNED,
        from_stages=frozenset({PksStage.AUTHORISED}),
        to_stage=PksStage.IN_FORCE,
        required=frozenset({DATE, VALID_UNTIL, DOCUMENT}),
        optional=frozenset({REFERENCE_NUMBER}),
        document_kind=DocumentKind.PKS,
        reference_label=gettext_lazy("PKS number"),
        records={"date": "signed_on", "valid_until": "valid_until", "reference_number": "number"},
        button_label=gettext_lazy("Record the signed PKS"),
        right="draft_pks",
    ),
    PksAction.ADDENDUM: Step(
        action=PksAction.ADDENDUM,
        from_stages=frozenset({PksStage.IN_FORCE}),
        to_stage=PksStage.IN_FORCE,
        required=frozenset({DATE, DOCUMENT}),
        optional=frozenset({REFERENCE_NUMBER, VALID_UNTIL}),
        document_kind=DocumentKind.PKS,
        reference_label=gettext_lazy("Addendum number"),
        records={"valid_until": "valid_until"},
        button_label=gettext_lazy("Record an addendum"),
        right="draft_pks",
    ),
    PksAction.TERMINATED: Step(
        action=PksAction.TERMINATED,
        from_stages=frozenset({PksStage.IN_FORCE}),
        to_stage=PksStage.TERMINATED,
        required=frozenset({DATE, REASON}),
        optional=frozenset({DOCUMENT}),
        document_kind=DocumentKind.LETTER,
        button_label=gettext_lazy("Terminate the PKS"),
        destructive=True,
        right="approve_pks",
    ),
    PksAction.EXPIRED: Step(
        action=PksAction.EXPIRED,
        from_stages=frozenset({PksStage.IN_FORCE}),
        to_stage=PksStage.EXPIRED,
        required=frozenset({DATE}),
        by_person=False,
    ),
}

PKS = Table(
    steps=PKS_STEPS,
    initial_stage=PksStage.DRAFT,
    opening=PksAction.DRAFTED,
    correction=PksAction.CORRECTED,
    opening_records={"date": "drafted_on"},
)

# The PKS path in order, for its strip.
PKS_PATH = (
    Milestone(PksStage.DRAFT, gettext_lazy("Draft"), "drafted_on"),
    Milestone(PksStage.REVIEWED, gettext_lazy("Reviewed"), "reviewed_on"),
    Milestone(PksStage.AUTHORISED, gettext_lazy("Authorised"), "authorisation_date"),
    Milestone(PksStage.IN_FORCE, gettext_lazy("Signed"), "signed_on"),
)
PKS_CLOSED_STAGES = frozenset({PksStage.EXPIRED, PksStage.TERMINATED})

# The key dates and numbers the history sets on an Agreement (besides stage and holder).
KEY_FIELDS = AGREEMENT.key_fields


@dataclass(frozen=True)
class Wait:
    """A stretch of time one holder held an agreement's file, in one stage."""

    stage: str
    holder: str
    holder_unit_id: int | None
    start: date
    end: date | None  # None: still held
    reference: str = ""

    def days(self, today: date) -> int:
        return ((self.end or today) - self.start).days


@dataclass(frozen=True)
class HistoryState:
    """What a history says: the stage, since when, its key dates and numbers, who holds
    the file and every wait so far."""

    stage: str
    stage_since: date | None
    key_dates: dict
    effective: list  # the events in effect, oldest first
    undone: frozenset  # identities (see _identity) of the steps a correction undid
    waits: list = field(default_factory=list)  # agreements only, oldest first
    holds: bool = False

    @property
    def holding(self) -> Wait | None:
        """The current wait: who holds the file now (before the signing only)."""
        if self.waits and self.waits[-1].end is None:
            return self.waits[-1]
        return None

    @property
    def fields(self) -> dict:
        """The record's fields to set: {field name: value}."""
        values = {"stage": self.stage, "stage_since": self.stage_since, **self.key_dates}
        if self.holds:
            now = self.holding
            values.update(
                holder=now.holder if now else Holder.BUREAU,
                holder_unit_id=now.holder_unit_id if now else None,
                held_since=now.start if now else None,
                holder_reference=now.reference if now else "",
            )
        return values

    def is_undone(self, event) -> bool:
        return _identity(event) in self.undone


def _identity(event):
    # Unsaved events (the seeders plan them before inserting) are told apart by object.
    return event.pk if event.pk is not None else id(event)


def history_state(events: Iterable, table: Table = AGREEMENT) -> HistoryState:
    """Derive a record's state from its history entries, in insertion order.

    ``events`` are StageEvents (PksEvents with ``table=PKS``) or objects with the same
    attributes (``action``, ``to_stage``, ``date``, the evidence fields, ``pk`` and
    ``corrects``, the entry a correction undoes). Corrections and the entries they undo
    are not in effect. The waits: the Bureau holds the file from the opening; a handover
    gives it to its holder; an answer received, or the next step, gives it back.
    """
    events = list(events)
    undone = frozenset(_identity(e.corrects) for e in events if e.action == table.correction)
    effective = [e for e in events if e.action != table.correction and _identity(e) not in undone]
    key_dates = {
        target: "" if target.endswith(("number", "signatories", "languages")) else None
        for target in table.key_fields
    }
    stage, since = table.initial_stage, None
    waits: list[Wait] = []

    def hold(holder, unit_id, start, reference=""):
        if waits and waits[-1].end is None:
            last = waits[-1]
            waits[-1] = Wait(
                last.stage, last.holder, last.holder_unit_id, last.start, start, last.reference
            )
        if stage in PRE_SIGNING_STAGES and holder:
            waits.append(Wait(stage, holder, unit_id, start, None, reference))

    for event in effective:
        if event.action == StageAction.HANDED_OVER and table.holds:
            hold(event.holder, event.holder_unit_id, event.date, event.reference_number)
            continue
        if event.action == StageAction.RECEIVED and table.holds:
            hold(Holder.BUREAU, None, event.date)
            continue
        if event.action == table.opening:
            records = table.opening_records
        else:
            records = table.steps[event.action].records
        for source, target in records.items():
            value = getattr(event, source)
            if value not in (None, ""):  # optional evidence left empty keeps the earlier value
                key_dates[target] = value
        if event.to_stage != stage or event.action == table.opening:
            since = event.date
        stage = event.to_stage
        if table.holds:
            hold(Holder.BUREAU, None, event.date)  # a step taken: the file is back
    return HistoryState(stage, since, key_dates, effective, undone, waits, table.holds)


def steps_available(agreement: Agreement) -> list[Step]:
    """The steps a person may take from the agreement's current stage, in table order."""
    return [
        s
        for s in STEPS.values()
        if s.by_person and agreement.stage in from_stages(s, agreement.kind)
    ]


def steps_ahead(agreement: Agreement) -> list[Step]:
    """The steps of the kind's path still ahead, in order (to record several at once)."""
    if agreement.stage not in PRE_SIGNING_STAGES:
        return []
    steps = path_steps(agreement.kind)
    stages = path_stages(agreement.kind)
    if agreement.stage not in stages:  # a kind changed after the step: nothing to guess
        return []
    return steps[stages.index(agreement.stage) :]


def can_hand_over(agreement: Agreement) -> bool:
    """The file can change hands while a step waits, before the signing."""
    return agreement.stage in PRE_SIGNING_STAGES


def effective_events(agreement: Agreement) -> list[StageEvent]:
    """The history without corrections and the steps they undid, oldest first."""
    # Insertion order (pk), not the clock: a clock set back must not reorder history.
    events = agreement.stage_events.select_related("corrects", "holder_unit").order_by("pk")
    return history_state(events).effective


def last_correctable(effective: list, table: Table = AGREEMENT):
    """The entry a correction would undo: the last effective one, never the opening."""
    if effective and effective[-1].action != table.opening:
        return effective[-1]
    return None


def last_correctable_event(agreement: Agreement) -> StageEvent | None:
    return last_correctable(effective_events(agreement))


def missing_evidence(step: Step, values: dict) -> list[str]:
    """The labels of the evidence the step requires and ``values`` lacks."""
    labels = {**EVIDENCE_LABELS, REFERENCE_NUMBER: step.reference_label}
    missing = []
    for name in sorted(step.required):
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(labels[name]))
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
    """The kind's path, each stage done (its date is set) or current; a closed stage last."""
    items = [
        StripItem(m.label, bool(getattr(agreement, m.reached_on)), agreement.stage == m.stage)
        for m in path(agreement.kind)
    ]
    if agreement.stage in CLOSED_STAGES:
        items.append(StripItem(agreement.get_stage_display(), done=False, current=True))
    return items


def pks_strip(pks) -> list[StripItem]:
    items = [
        StripItem(m.label, bool(getattr(pks, m.reached_on)), pks.stage == m.stage) for m in PKS_PATH
    ]
    if pks.stage in PKS_CLOSED_STAGES:
        items.append(StripItem(pks.get_stage_display(), done=False, current=True))
    return items


def scope_missing(agreement: Agreement, *, sectors=None, coordinating_unit=None) -> list[str]:
    """What a prospect still lacks before its Letter of Intent: sectors, coordinating unit."""
    missing = []
    has_sectors = bool(sectors) if sectors is not None else agreement.sectors.exists()
    if not has_sectors:
        missing.append(_("its sectors"))
    if coordinating_unit is None and agreement.coordinating_unit_id is None:
        missing.append(_("its coordinating work unit"))
    return missing
