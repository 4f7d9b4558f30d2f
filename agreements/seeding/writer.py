"""The writer of seed_large: inserts what the planner makes, part by part, with bulk_create.

No ``save()``, no signals, no audit-trail rows (django-simple-history does not see
bulk inserts). The stage and key dates of each agreement come from its planned
history through ``lifecycle.history_state``, as for an agreement moved by hand.
"""

import time
from contextlib import contextmanager
from datetime import date

from ..models import (
    Agreement,
    BudgetLine,
    Commitment,
    Contact,
    CoordinationRequest,
    Evaluation,
    FollowUpTask,
    Indicator,
    Partner,
    PlannedActivity,
    ProgressUpdate,
    Realisation,
    StageEvent,
    User,
    Visit,
    VisitParticipant,
    WorkPlan,
    WorkUnit,
)
from ..services.followup import tasks_record_progress_dates
from .large_monitoring import MonitoringPlanner
from .planner import Planner
from .reference import seed_sectors

DEFAULT_BATCH_SIZE = 5_000


@contextmanager
def timestamps_as_given(*fields):
    """Let bulk_create keep the creation times computed here (auto_now/auto_now_add off)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def stamped_fields():
    return [
        Agreement._meta.get_field("created_at"),
        Agreement._meta.get_field("updated_at"),
        StageEvent._meta.get_field("recorded_at"),
        Contact._meta.get_field("recorded_at"),
        Commitment._meta.get_field("created_at"),
        FollowUpTask._meta.get_field("created_at"),
        ProgressUpdate._meta.get_field("created_at"),
        CoordinationRequest._meta.get_field("created_at"),
        BudgetLine._meta.get_field("created_at"),
        WorkPlan._meta.get_field("created_at"),
        Realisation._meta.get_field("recorded_at"),
        Evaluation._meta.get_field("created_at"),
        Visit._meta.get_field("created_at"),
    ]


class Writer:
    def __init__(self, planner: Planner, *, batch_size: int, log):
        self.planner = planner
        self.batch_size = batch_size
        self.log = log
        self.created: dict[str, int] = {}

    def insert(self, label: str, model, objs: list) -> list:
        model._default_manager.bulk_create(objs, batch_size=self.batch_size)
        self.created[label] = self.created.get(label, 0) + len(objs)
        return objs

    def run(self) -> dict[str, int]:
        steps = [
            ("reference data", self.write_reference),
            ("agreements", self.write_agreements),
            ("commitments and tasks", self.write_followup),
            ("progress updates", self.write_progress),
            ("coordination requests", self.write_letters),
            ("budget lines", self.write_budget),
            ("work plans, evaluations and visits", self.write_monitoring),
        ]
        with timestamps_as_given(*stamped_fields()):
            for name, step in steps:
                started = time.perf_counter()
                step()
                self.log(f"{name}: {time.perf_counter() - started:.1f} s")
        return self.created

    def write_reference(self):
        # The demo's eight sectors, made the same way (get_or_create by code).
        sectors = seed_sectors()
        self.created["sectors"] = len(sectors)
        units, links = self.planner.plan_units(sectors)
        self.insert("work units", WorkUnit, units)
        self.insert("work unit sectors", WorkUnit.sectors.through, links)
        self.insert("users", User, self.planner.plan_people())
        self.insert("partners", Partner, self.planner.plan_partners())

    def write_agreements(self):
        plans = self.planner.plan_agreements()
        self.insert("agreements", Agreement, [p.obj for p in plans])
        self.insert(
            "agreement sectors",
            Agreement.sectors.through,
            [
                Agreement.sectors.through(agreement=p.obj, sector=sector)
                for p in plans
                for sector in p.sectors
            ],
        )
        # Corrections point at the step they undo, so the history goes in twice.
        self.insert("stage events", StageEvent, [e for p in plans for e in p.events[: p.split]])
        self.insert("stage events", StageEvent, [e for p in plans for e in p.events[p.split :]])
        self.insert("contacts", Contact, self.planner.plan_contacts())

    def write_followup(self):
        commitments = self.planner.plan_commitments()
        self.insert("commitments", Commitment, [c.obj for c in commitments])
        tasks = self.planner.plan_tasks()
        self.insert("follow-up tasks", FollowUpTask, [t.obj for t in tasks])

    def write_progress(self):
        batch = []
        for update in self.planner.progress_updates():
            batch.append(update)
            if len(batch) >= self.batch_size:
                self.insert("progress updates", ProgressUpdate, batch)
                batch = []
        self.insert("progress updates", ProgressUpdate, batch)
        tasks_record_progress_dates(tasks=FollowUpTask.objects.all())

    def write_letters(self):
        self.insert("coordination requests", CoordinationRequest, self.planner.plan_letters())

    def write_budget(self):
        self.insert("budget lines", BudgetLine, self.planner.plan_budget())

    def write_monitoring(self):
        monitoring = MonitoringPlanner(self.planner)
        self.insert("work plans", WorkPlan, monitoring.plan_work_plans())
        self.insert("planned activities", PlannedActivity, monitoring.plan_activities())
        self.insert("indicators", Indicator, monitoring.plan_indicators())
        tasks = [a.task.obj.pk for a in monitoring.activities if a.task is not None]
        updates = {}
        for task_id, pk, day in (
            ProgressUpdate.objects.filter(task_id__in=tasks)
            .order_by("task_id", "date", "pk")
            .values_list("task_id", "pk", "date")
            .iterator(chunk_size=self.batch_size)
        ):
            updates.setdefault(task_id, []).append((pk, day))
        self.insert("realisations", Realisation, monitoring.plan_realisations(updates))
        self.insert("evaluations", Evaluation, monitoring.plan_evaluations())
        self.insert("visits", Visit, monitoring.plan_visits())
        self.insert("visit participants", VisitParticipant, monitoring.plan_participants())


def seed_large(*, counts: dict, seed: int, today: date, batch_size: int, log) -> dict[str, int]:
    """Plan and write the data set; returns how many of each were created, by label."""
    planner = Planner(counts=counts, seed=seed, today=today)
    return Writer(planner, batch_size=batch_size, log=log).run()
