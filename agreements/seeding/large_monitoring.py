"""The monitoring part of seed_large: work plans, activities, indicators, realisations,
evaluations and visits, planned as unsaved rows from the Planner's agreements, tasks
and people (planner.py), in their own random streams so that the other parts stay as
they were.

Per MoU in force in each of the last three years: a work plan of 3–6 activities, each
with 1–3 indicators; the activities that became a task of that year have realisations
(1–3 per indicator, on the task's progress reports). Per MoU and past year: its
evaluation. Visits: ``counts["visits"]`` missions abroad and delegations received, with
2–8 participants each. Everything is proportional to the scale (the MoUs are).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models import (
    Evaluation,
    EvaluationStatus,
    Indicator,
    IndicatorUnit,
    PlannedActivity,
    Realisation,
    Visit,
    VisitParticipant,
    WorkPlan,
)
from ..models.monitoring import BenefitKind, Engagement, Recommendation
from ..models.visits import PermitDecision, VisitDirection

# (indicator, benefit, unit, lowest target, highest target, rounding)
INDICATORS = [
    (
        "Wisatawan mancanegara dari negara mitra ke NTB",
        BenefitKind.TOURISM,
        IndicatorUnit.PEOPLE,
        500,
        8_000,
        100,
    ),
    (
        "Nilai investasi yang direalisasikan",
        BenefitKind.INVESTMENT,
        IndicatorUnit.RUPIAH,
        5_000_000_000,
        300_000_000_000,
        1_000_000_000,
    ),
    ("Peserta pelatihan", BenefitKind.KNOWLEDGE, IndicatorUnit.PEOPLE, 20, 120, 5),
    ("Penerima beasiswa", BenefitKind.EDUCATION, IndicatorUnit.STUDENTS, 2, 20, 1),
    (
        "Nilai ekspor produk NTB ke negara mitra",
        BenefitKind.TRADE,
        IndicatorUnit.US_DOLLARS,
        50_000,
        2_000_000,
        10_000,
    ),
    ("Volume ekspor komoditas", BenefitKind.TRADE, IndicatorUnit.TONNES, 10, 500, 5),
    ("Pertukaran misi kebudayaan", BenefitKind.CULTURE, IndicatorUnit.EVENTS, 1, 6, 1),
    ("Teknologi yang dialihkan", BenefitKind.TECHNOLOGY, IndicatorUnit.DOCUMENTS, 1, 5, 1),
    ("Luas lahan percontohan", BenefitKind.TECHNOLOGY, IndicatorUnit.HECTARES, 2, 50, 1),
    ("Pertemuan pertukaran informasi", BenefitKind.INFORMATION, IndicatorUnit.EVENTS, 1, 8, 1),
    ("UMKM yang difasilitasi", BenefitKind.TRADE, IndicatorUnit.ENTERPRISES, 5, 60, 1),
]
ACTIVITIES = [
    "Rapat koordinasi tahunan",
    "Pelatihan teknis oleh tenaga ahli mitra",
    "Promosi bersama",
    "Pertukaran pejabat dan tenaga ahli",
    "Misi dagang dan investasi",
    "Pameran produk unggulan daerah",
    "Studi banding",
    "Penyusunan kajian bersama",
]
POSITIONS = ["Kepala Dinas", "Sekretaris", "Kepala Bidang", "Analis Kerja Sama", "Staf"]
YEARS_BACK = 2  # this year and the two before


@dataclass(eq=False)
class ActivityPlan:
    obj: PlannedActivity
    year: int
    task: object = None  # the TaskPlan it became, if any
    indicators: list = field(default_factory=list)


class MonitoringPlanner:
    def __init__(self, planner):
        self.p = planner
        self.today = planner.today

    def years(self) -> list[int]:
        year = self.today.year
        return list(range(year - YEARS_BACK, year + 1))

    def in_force(self, plan, year: int) -> bool:
        return plan.signed is not None and plan.signed.year <= year <= plan.end.year

    def plan_work_plans(self) -> list[WorkPlan]:
        """One work plan per MoU (with commitments) in force in each year."""
        rng = self.rng = self.p.rng("monitoring")
        self.work_plans = []  # (plan, year, WorkPlan)
        for plan in self.p.plans:
            if not plan.commitments:
                continue
            for year in self.years():
                if not self.in_force(plan, year):
                    continue
                meeting = max(plan.signed, date(year, 1, 1)) + timedelta(days=rng.randint(5, 60))
                work_plan = WorkPlan(
                    agreement=plan.obj,
                    year=year,
                    meeting_date=min(meeting, self.today),
                    meeting_place=plan.obj.partner.name if rng.random() < 0.5 else "Mataram",
                    created_by=self.p.biro,
                    created_at=self.p.at(min(meeting + timedelta(days=7), self.today), 60),
                )
                self.work_plans.append((plan, year, work_plan))
        return [w for _plan, _year, w in self.work_plans]

    def plan_activities(self) -> list[PlannedActivity]:
        rng = self.rng
        self.activities = []
        used = set()
        for plan, year, work_plan in self.work_plans:
            for i in range(rng.randint(3, 6)):
                commitment = rng.choice(plan.commitments)
                tasks = [
                    t
                    for t in commitment.tasks
                    if t.due.year == year and id(t) not in used and t.obj is not None
                ]
                task = rng.choice(tasks) if tasks and rng.random() < 0.75 else None
                if task is not None:
                    used.add(id(task))
                title = ACTIVITIES[(i + rng.randint(0, len(ACTIVITIES))) % len(ACTIVITIES)]
                activity = PlannedActivity(
                    work_plan=work_plan,
                    title=f"{title}: {commitment.obj.title}"[:255],
                    sector=commitment.obj.sector,
                    work_unit=task.unit if task else commitment.obj.lead_unit,
                    quarter=rng.randint(1, 4),
                    commitment=commitment.obj,
                    task=task.obj if task else None,
                )
                self.activities.append(ActivityPlan(activity, year, task))
        return [a.obj for a in self.activities]

    def plan_indicators(self) -> list[Indicator]:
        rng = self.rng
        rows = []
        for activity in self.activities:
            for template in rng.sample(INDICATORS, rng.randint(1, 3)):
                name, kind, unit, low, high, step = template
                target = max(step, round(rng.randint(low, high) / step) * step)
                indicator = Indicator(
                    activity=activity.obj, name=name, benefit_kind=kind, unit=unit, target=target
                )
                activity.indicators.append(indicator)
                rows.append(indicator)
        return rows

    def plan_realisations(self, updates_by_task: dict) -> list[Realisation]:
        """Figures on the progress reports of the activities' tasks: more of the target in
        the years past than in this one."""
        rng = self.p.rng("realisations")
        rows = []
        for activity in self.activities:
            if activity.task is None:
                continue
            updates = updates_by_task.get(activity.task.obj.pk, [])
            if not updates:
                continue
            author = self.p.officers[activity.task.unit]
            last_day = min(self.today, date(activity.year, 12, 31))
            for indicator in activity.indicators:
                share = (
                    rng.uniform(0.2, 1.15)
                    if activity.year < self.today.year
                    else rng.uniform(0, 0.7)
                )
                total = int(indicator.target * share)
                parts = rng.randint(1, min(3, len(updates)))
                chosen = sorted(rng.sample(updates, parts), key=lambda u: u[1])
                for n, (update_id, reported) in enumerate(chosen):
                    day = reported
                    value = total // parts + (total % parts if n == parts - 1 else 0)
                    if day.year != activity.year:
                        day = date.fromordinal(
                            rng.randint(date(activity.year, 1, 1).toordinal(), last_day.toordinal())
                        )
                    rows.append(
                        Realisation(
                            indicator=indicator,
                            progress_update_id=update_id,
                            date=day,
                            value=value,
                            recorded_by=author,
                            recorded_at=self.p.at(max(day, reported), 300),
                        )
                    )
        return rows

    def plan_evaluations(self) -> list[Evaluation]:
        """The evaluation of each MoU's past years: most completed, some still drafts."""
        rng = self.p.rng("evaluations")
        rows = []
        recommendations = list(Recommendation.values)
        for plan, year, _work_plan in self.work_plans:
            if year >= self.today.year:
                continue
            done = date(year + 1, 1, 10) + timedelta(days=rng.randint(0, 70))
            completed = rng.random() < 0.85 and done <= self.today
            rows.append(
                Evaluation(
                    agreement=plan.obj,
                    year=year,
                    achievements="Sebagian besar kegiatan rencana kerja telah dilaksanakan.",
                    obstacle_no_follow_up=rng.random() < 0.4,
                    obstacle_no_response=rng.random() < 0.3,
                    obstacle_no_budget=rng.random() < 0.35,
                    overdue_tasks=rng.randint(0, 12),
                    late_answers=rng.randint(0, 6),
                    unfunded_commitments=rng.randint(0, 3),
                    partner_engagement=rng.choice(list(Engagement.values)),
                    recommendation=rng.choices(recommendations, [50, 30, 15, 5])[0]
                    if completed
                    else "",
                    status=EvaluationStatus.COMPLETED if completed else EvaluationStatus.DRAFT,
                    completed_on=done if completed else None,
                    completed_by=self.p.biro if completed else None,
                    created_by=self.p.biro,
                    created_at=self.p.at(min(done - timedelta(days=7), self.today), 90),
                )
            )
        return rows

    def plan_visits(self) -> list[Visit]:
        """Missions abroad and delegations received, spread over the MoUs in force."""
        rng = self.p.rng("visits")
        slots = [(plan, year) for plan, year, _w in self.work_plans]
        self.visits = []
        if not slots:
            return []
        for n in range(self.p.counts["visits"]):
            plan, year = slots[rng.randrange(len(slots))]
            first = max(plan.signed, date(year, 1, 1))
            last = min(plan.end, date(year, 12, 31), self.today)
            if last < first:
                last = first
            start = date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))
            end = start + timedelta(days=rng.randint(0, 7))
            outgoing = rng.random() < 0.6
            partner = plan.obj.partner
            visit = Visit(
                agreement=plan.obj,
                direction=VisitDirection.OUTGOING if outgoing else VisitDirection.INCOMING,
                title=(
                    f"Misi Pemerintah Provinsi NTB ke {partner.name}"
                    if outgoing
                    else f"Kunjungan delegasi {partner.name} ke NTB"
                ),
                purpose="Tindak lanjut rencana kerja tahunan.",
                starts_on=start,
                ends_on=end,
                places=partner.name if outgoing else "Mataram, Lombok Tengah",
                permit_submitted_on=start - timedelta(days=rng.randint(3, 40))
                if outgoing
                else None,
                permit_number=f"B-{n + 1:04d}/PDLN/{start.year}" if outgoing else "",
                permit_decision=PermitDecision.GRANTED if outgoing else "",
                created_by=self.p.biro,
                created_at=self.p.at(min(start - timedelta(days=45), self.today), 120),
            )
            self.visits.append(visit)
        return self.visits

    def plan_participants(self) -> list[VisitParticipant]:
        rng = self.p.rng("participants")
        rows = []
        for visit in self.visits:
            for _ in range(rng.randint(2, 8)):
                outgoing = visit.direction == VisitDirection.OUTGOING
                rows.append(
                    VisitParticipant(
                        visit=visit,
                        name=self.p.person(rng),
                        position=rng.choice(POSITIONS),
                        work_unit=rng.choice(self.p.units) if outgoing else None,
                        organisation="" if outgoing else visit.agreement.partner.name,
                    )
                )
        return rows
