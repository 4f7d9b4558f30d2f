"""Whose turn it is: where every file before the signing is, who holds it, for how long
against the guideline of the step it waits for, and how long each step of the path took.

Data only, for the pipeline page ("Posisi berkas"), the dashboard and the portfolio
report. Every delay rule comes from agreements/health.py; the waits from
lifecycle.history_state. The number of queries does not grow with the data: the files
are one query, the lead times one more (every StageEvent at once, grouped in Python).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import F, QuerySet

from .. import access, health, lifecycle
from ..models import Agreement, Holder, StageAction, StageEvent
from ..models.agreements import holder_label

# How many holders a lead-time row names.
TOP_HOLDERS = 3


@dataclass(frozen=True)
class HolderKey:
    """A holder as the pipeline counts them: its kind, and the unit when a unit holds it."""

    holder: str
    unit_id: int | None = None


@dataclass
class FileRow:
    """One file before the signing: what it waits for, who holds it, since when."""

    agreement: Agreement
    step: lifecycle.Step | None
    days: int | None
    guideline: int | None
    delayed: bool
    level: str  # health.Status: on track, at risk (past the guideline), stalled (twice)

    @property
    def step_label(self):
        """The step awaited, named as the path names its stages ("DPRD approval")."""
        return step_label(self.step) if self.step else self.agreement.get_stage_display()

    @property
    def holder(self) -> str:
        return self.agreement.holder

    @property
    def holder_unit(self):
        return self.agreement.holder_unit

    @property
    def holder_name(self) -> str:
        return self.agreement.holder_name

    @property
    def held_since(self) -> date | None:
        return self.agreement.held_since

    @property
    def reference(self) -> str:
        return self.agreement.holder_reference

    @property
    def key(self) -> HolderKey:
        return HolderKey(self.agreement.holder, self.agreement.holder_unit_id)

    @property
    def is_bureau_delay(self) -> bool:
        """Waiting inside the Bureau past the guideline is the Bureau's own delay."""
        return self.delayed and self.agreement.holder == Holder.BUREAU

    @property
    def overdue_days(self) -> int | None:
        """How far past the guideline (negative: days left)."""
        if self.days is None or self.guideline is None:
            return None
        return self.days - self.guideline


def step_label(step: lifecycle.Step):
    return lifecycle.STAGE_LABELS.get(step.to_stage, step.label)


def file_row(agreement: Agreement, today: date) -> FileRow:
    delayed = health.agreement_is_delayed(agreement, today)
    days = health.days_held(agreement, today)
    guideline = health.guideline_days(agreement.kind, agreement.stage)
    level = health.delay_level(days, guideline) if delayed else health.Status.ON_TRACK
    return FileRow(
        agreement=agreement,
        step=lifecycle.next_step(agreement.kind, agreement.stage),
        days=days,
        guideline=guideline,
        delayed=delayed,
        level=level,
    )


def _most_overdue_first(row: FileRow):
    overdue = row.overdue_days
    return (overdue is None, -(overdue or 0), row.agreement.title, row.agreement.pk)


def sorted_rows(agreements, today: date) -> list[FileRow]:
    return sorted((file_row(a, today) for a in agreements), key=_most_overdue_first)


def files_before_signing(agreements: QuerySet) -> QuerySet:
    return (
        agreements.filter(stage__in=lifecycle.PRE_SIGNING_STAGES)
        .select_related("partner", "holder_unit", "coordinating_unit")
        .order_by()
    )


def pipeline_files(
    *,
    user,
    today: date,
    holder: str | None = None,
    holder_unit=None,
    stage: str | None = None,
    agreements: QuerySet | None = None,
) -> list[FileRow]:
    """Every agreement before the signing that the user may see, most overdue first;
    narrowed to one holder (and unit) or one stage when given."""
    base = access.agreements_visible_to(user) if agreements is None else agreements
    files = files_before_signing(base)
    if holder:
        files = files.filter(holder=holder)
    if holder_unit is not None:
        files = files.filter(holder=Holder.WORK_UNIT, holder_unit=holder_unit)
    if stage:
        files = files.filter(stage=stage)
    return sorted_rows(files, today)


def narrow_files(
    files: list[FileRow], *, holder=None, holder_unit=None, stage=None
) -> list[FileRow]:
    """The same filters as pipeline_files, on rows already loaded (no query)."""
    return [
        row
        for row in files
        if (not holder or row.holder == holder)
        and (
            holder_unit is None
            or (row.holder == Holder.WORK_UNIT and row.agreement.holder_unit_id == holder_unit.pk)
        )
        and (not stage or row.agreement.stage == stage)
    ]


def delays_by_holder(files: list[FileRow]) -> list[dict]:
    """Per holder: how many files it holds, how many past the guideline, the longest.

    The Bureau's own files are counted under the Bureau like any other holder's."""
    groups: dict = {}
    for row in files:
        group = groups.setdefault(
            row.key,
            {
                "key": row.key,
                "holder": row.holder,
                "holder_unit": row.holder_unit,
                "name": row.holder_name,
                "is_bureau": row.holder == Holder.BUREAU,
                "files": 0,
                "delayed": 0,
                "longest": 0,
                "longest_file": None,
            },
        )
        group["files"] += 1
        group["delayed"] += row.delayed
        if row.days is not None and (group["longest_file"] is None or row.days > group["longest"]):
            group["longest"], group["longest_file"] = row.days, row.agreement
    return sorted(groups.values(), key=lambda g: (-g["delayed"], -g["longest"], g["name"]))


# --- lead times -----------------------------------------------------------------------


@dataclass
class LeadTime:
    """One step of the path over every agreement that completed it."""

    step: lifecycle.Step
    durations: list = field(default_factory=list)  # days, one per agreement
    # Days per holder over the waits of the stage before the step.
    held: dict = field(default_factory=lambda: defaultdict(int))
    names: dict = field(default_factory=dict)  # HolderKey → name

    @property
    def label(self):
        return step_label(self.step)

    @property
    def count(self) -> int:
        return len(self.durations)

    @property
    def median(self) -> float | int | None:
        if not self.durations:
            return None
        value = round(median(self.durations), 1)
        return int(value) if value == int(value) else value

    @property
    def longest(self) -> int | None:
        return max(self.durations) if self.durations else None

    @property
    def holders(self) -> list[dict]:
        """The holders that held the files longest, with their days, most first."""
        ranked = sorted(self.held.items(), key=lambda kv: (-kv[1], self.names.get(kv[0], "")))
        return [
            {"key": key, "name": self.names.get(key, ""), "days": days}
            for key, days in ranked[:TOP_HOLDERS]
        ]

    @property
    def main_holder(self) -> str:
        """Who held the files most of the time."""
        top = self.holders
        return top[0]["name"] if top else ""


def lead_times(*, user=None, today: date, agreements: QuerySet | None = None) -> list[LeadTime]:
    """Per step of the path: how long it took (from reaching the stage before to the
    step's date) over the agreements that completed it, and who held the files meanwhile.

    One query: every history entry of the agreements the user may see (or of
    ``agreements``), grouped by agreement here."""
    base = access.agreements_visible_to(user) if agreements is None else agreements
    events = (
        StageEvent.objects.filter(agreement__in=base.order_by().values("pk"))
        .select_related("corrects", "holder_unit")
        .annotate(agreement_kind=F("agreement__kind"))
        .order_by("agreement_id", "pk")
    )
    histories: dict = defaultdict(list)
    units: dict = {}
    for event in events:
        histories[event.agreement_id].append(event)
        if event.holder_unit is not None:
            units[event.holder_unit_id] = event.holder_unit
    rows = {action: LeadTime(step) for action, step in lifecycle.STEPS.items() if step.on_path}
    for history in histories.values():
        state = lifecycle.history_state(history)
        waits_by_stage = defaultdict(list)
        for wait in state.waits:
            waits_by_stage[wait.stage].append(wait)
        current, entered = None, None
        for event in state.effective:
            if event.action in (StageAction.HANDED_OVER, StageAction.RECEIVED):
                continue
            if event.action == StageAction.OPENED:
                current, entered = event.to_stage, event.date
                continue
            row = rows.get(event.action)
            if row is not None and entered is not None and current is not None:
                row.durations.append((event.date - entered).days)
                for wait in waits_by_stage.get(current, []):
                    if wait.start >= entered and (wait.end or today) <= event.date:
                        key = HolderKey(wait.holder, wait.holder_unit_id)
                        row.held[key] += wait.days(today)
                        row.names.setdefault(
                            key, holder_label(wait.holder, units.get(wait.holder_unit_id))
                        )
            if event.to_stage != current:
                current, entered = event.to_stage, event.date
    return [row for row in rows.values()]
