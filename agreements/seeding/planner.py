"""The planner of seed_large: what to create, as unsaved rows, from a seed and a day.

One random stream per part (reference data, agreements, contacts, follow-up, progress,
letters, budget), so that changing one part leaves the others as they were. The
writer (``writer.py``) inserts the rows in the order the planner makes them.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from .. import lifecycle
from ..lifecycle import PRE_SIGNING_STAGES, history_state
from ..models import (
    OPEN_STATUSES,
    Agreement,
    BudgetLine,
    Commitment,
    Contact,
    CoordinationRequest,
    FollowUpTask,
    Holder,
    Partner,
    ProgressUpdate,
    Role,
    Stage,
    StageAction,
    StageEvent,
    TaskStatus,
    User,
    WorkUnit,
)
from ..models.agreements import AgreementKind, ContactKind, Initiator
from ..models.budget import FundingSource
from ..models.followup import Priority
from ..models.reference import PartnerLevel
from .reference import COORDINATOR, SECTOR_CODES, WORK_UNITS, email_name
from .texts import (
    ANSWERS,
    BUDGET_NOTES,
    COMMITMENT_TITLES,
    DEGREES,
    DROP_REASONS,
    FIRST_NAMES,
    HONORIFICS,
    LAST_NAMES,
    PARTNERS,
    PLACES,
    PRE_MOU_SUBJECTS,
    REQUEST_SUBJECTS,
    ROMAN_QUARTERS,
    STREETS,
    TASK_ACTIONS,
    TASK_ACTIVITIES,
    TERMINATION_REASONS,
    TERMINATION_TEXTS,
    UPDATE_TEXTS,
)

DEFAULT_SEED = 2012  # the year NTB and Zhejiang first met

# Counts at --scale 1; --scale 10 is the benchmark size.
BASE_COUNTS = {
    "work_units": 4,
    "partners": 20,
    "agreements": 100,
    "tasks": 5_000,
    "progress_updates": 50_000,
    "requests": 2_000,
    "budget_lines": 1_000,
    # Work plans, activities, indicators and evaluations follow the MoUs (seeding/monitoring.py).
    "visits": 30,
}

# The share of agreements at each stage (at least one is always in force).
STAGE_SHARES = {
    Stage.EXPLORATION: 0.08,
    Stage.LOI: 0.06,
    Stage.PLAN: 0.04,
    Stage.DPRD_APPROVAL: 0.04,
    Stage.VERIFIED: 0.03,
    Stage.FULL_POWERS: 0.02,
    Stage.MOU: 0.43,
    Stage.EXPIRED: 0.14,
    Stage.TERMINATED: 0.05,
    Stage.DROPPED: 0.11,
}
MOU_REACHED = (Stage.MOU, Stage.EXPIRED, Stage.TERMINATED)
EARLIEST_MOU = date(2005, 1, 1)

# How long each step of the path took after the one before, in days (low, high).
STEP_GAPS = {
    StageAction.LOI: (30, 540),
    StageAction.PLAN: (30, 240),
    StageAction.DPRD_APPROVAL: (30, 200),
    StageAction.VERIFIED: (40, 200),
    StageAction.FULL_POWERS: (14, 90),
    StageAction.MOU_SIGNED: (14, 120),
}
# How long an open file has been in its stage at most, in days.
WAITING_LIMITS = {
    Stage.EXPLORATION: 900,
    Stage.LOI: 720,
    Stage.PLAN: 360,
    Stage.DPRD_APPROVAL: 300,
    Stage.VERIFIED: 240,
    Stage.FULL_POWERS: 120,
}
# Where a dropped cooperation stopped, relatively (a stage its kind takes).
DROPPED_FROM = {
    Stage.EXPLORATION: 45,
    Stage.LOI: 30,
    Stage.PLAN: 12,
    Stage.DPRD_APPROVAL: 8,
    Stage.VERIFIED: 5,
}
# The chance that the file left the Bureau while the step waited: the DPRD and the
# ministries always get it with a letter; the partner or a unit sometimes.
HANDOVER_CHANCE = {
    StageAction.LOI: 0.3,
    StageAction.PLAN: 0.4,
    StageAction.DPRD_APPROVAL: 0.9,
    StageAction.VERIFIED: 0.9,
    StageAction.FULL_POWERS: 0.85,
    StageAction.MOU_SIGNED: 0.3,
}
ANSWERED_CHANCE = 0.25  # an answer brought the file back before the step was taken
# The classification code of the outgoing letter, by its addressee.
LETTER_CODES = {Holder.DPRD: "050", Holder.KEMENDAGRI: "120", Holder.KEMLU: "120"}
LANGUAGES = ["Bahasa Indonesia, English", "Bahasa Indonesia, English", ""]
YEAR = 365
DAY = timedelta(days=1)


def scaled_counts(scale: float) -> dict[str, int]:
    """How many of each to create at this scale: linear, at least one."""
    return {name: max(1, round(base * scale)) for name, base in BASE_COUNTS.items()}


def apportion(total: int, weights: list[float], minimums: list[int] | None = None) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each at least its minimum.

    An item of weight 0 gets only its minimum. If every weight is 0, what is left
    over the minimums is not given to anyone.
    """
    counts = list(minimums) if minimums else [0] * len(weights)
    rest = total - sum(counts)
    weight_sum = sum(weights)
    if rest <= 0 or weight_sum <= 0:
        return counts
    quotas = [rest * w / weight_sum for w in weights]
    floors = [int(q) for q in quotas]
    for i, floor in enumerate(floors):
        counts[i] += floor
    left = rest - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (floors[i] - quotas[i], i))
    for i in order[:left]:
        if weights[i] > 0:
            counts[i] += 1
    return counts


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass(eq=False)
class AgreementPlan:
    obj: Agreement
    sectors: list
    events: list
    split: int  # events[:split] are inserted first: a correction needs its target's id
    signed: date | None = None  # the first MoU's signing
    end: date | None = None  # the last day the MoU ran: validity end, or termination
    commitments: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


@dataclass(eq=False)
class CommitmentPlan:
    obj: Commitment
    agreement: AgreementPlan
    created: date
    first_due: date
    last_due: date
    tasks: list = field(default_factory=list)


@dataclass(eq=False)
class TaskPlan:
    commitment: CommitmentPlan
    unit: WorkUnit
    title: str
    due: date
    start: date
    status: str
    priority: str
    # The window of its progress reports; the last is the closing date of a closed task.
    first_update: date | None = None
    last_update: date | None = None
    updates: int = 0
    changes: list = field(default_factory=list)
    obj: FollowUpTask | None = None


class Planner:
    """Plans the data set part by part; each ``plan_*`` returns the unsaved rows of its part.

    The parts are planned in order, each after the one before was written: a part links
    to the rows of the earlier ones (progress reports to their tasks' ids).
    """

    def __init__(self, *, counts: dict, seed: int, today: date):
        self.counts = counts
        self.seed = seed
        self.today = today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.counters: dict = {}
        self.mornings: dict[int, datetime] = {}
        self.correctable = 0

    def rng(self, part: str) -> random.Random:
        return random.Random(f"seed_large:{self.seed}:{part}")

    def number(self, kind: str, year: int) -> int:
        self.counters[kind, year] = self.counters.get((kind, year), 0) + 1
        return self.counters[kind, year]

    def at(self, day: date, minutes: int = 120) -> datetime:
        """An aware moment ``minutes`` after 08:00 local time on ``day``, never after now."""
        ordinal = day.toordinal()
        morning = self.mornings.get(ordinal)
        if morning is None:
            naive = datetime(day.year, day.month, day.day, 8, 0)
            morning = self.mornings[ordinal] = timezone.make_aware(naive, self.tz)
        return min(morning + timedelta(minutes=minutes), self.now)

    # --- work units, people, partners ------------------------------------------------

    def plan_units(self, sectors: dict) -> tuple[list, list]:
        """The work units and their links to the sectors."""
        rng = self.reference_rng = self.rng("reference")
        self.sectors = sectors
        units, links, self.units_by_sector = [], [], {code: [] for code in SECTOR_CODES}
        for i in range(self.counts["work_units"]):
            name, abbreviation, codes = WORK_UNITS[i % len(WORK_UNITS)]
            n = i + 1
            unit = WorkUnit(
                name=f"{name} {n}",
                abbreviation=f"{abbreviation} {n}",
                head_name=self.person(rng, formal=True),
                email=f"{email_name(abbreviation)}{n}@ntbprov.example",
                phone=f"(0370) 6{rng.randint(10000, 99999)}",
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, Mataram",
            )
            units.append(unit)
            for code in codes:
                self.units_by_sector[code].append(unit)
                links.append(WorkUnit.sectors.through(workunit=unit, sector=self.sectors[code]))
        self.units = units
        self.coordinators = [u for u in units if u.abbreviation.startswith(COORDINATOR)]
        return units, links

    def plan_people(self) -> list[User]:
        """One Bureau user and one officer per unit (keyed by unit: after the units)."""
        rng = self.reference_rng  # the units' stream, continued
        people = []
        self.biro = User(
            username="seed-biro",
            first_name="Staf",
            last_name="Biro Kerja Sama",
            email="seed-biro@ntbprov.example",
            role=Role.BIRO,
        )
        people.append(self.biro)
        self.officers = {}
        for n, unit in enumerate(self.units, start=1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            officer = User(
                username=f"seed-skpd-{n:03d}",
                first_name=first,
                last_name=last,
                email=f"seed-skpd-{n:03d}@ntbprov.example",
                role=Role.SKPD,
                work_unit=unit,
            )
            self.officers[unit] = officer
            people.append(officer)
        for person in people:
            person.set_unusable_password()
        return people

    def person(self, rng, *, formal=False) -> str:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if formal:
            return f"{rng.choice(HONORIFICS)}{name}{rng.choice(DEGREES)}"
        return name

    def plan_partners(self) -> list[Partner]:
        """A weighted round robin over the countries: the first few already span several."""
        entries = []
        for order, (country, weight, regions) in enumerate(PARTNERS):
            for j, (name, native, level) in enumerate(regions):
                entries.append(((j + 0.5) / weight, order, name, native, country, level))
        entries.sort()
        self.partners = partners = []
        for i in range(self.counts["partners"]):
            _key, _order, name, native, country, level = entries[i % len(entries)]
            cycle = i // len(entries)
            partners.append(
                Partner(
                    name=name if cycle == 0 else f"{name} ({roman(cycle + 1)})",
                    native_name=native,
                    country=country,
                    level=level,
                )
            )
        return partners

    # --- agreements and their history -----------------------------------------------

    def plan_agreements(self) -> list[AgreementPlan]:
        """The agreements at every stage, each with the history that led there."""
        rng = self.rng("agreements")
        n = self.counts["agreements"]
        shares = list(STAGE_SHARES.values())
        # Every stage at least once, when there are enough agreements for it.
        minimums = [1] * len(shares) if n >= len(shares) else None
        per_stage = dict(zip(STAGE_SHARES, apportion(n, shares, minimums), strict=True))
        if not per_stage[Stage.MOU]:  # always one MoU in force, even at the smallest scale
            largest = max(per_stage, key=per_stage.get)
            per_stage[largest] -= 1
            per_stage[Stage.MOU] += 1
        stages = [stage for stage, count in per_stage.items() for _ in range(count)]
        rng.shuffle(stages)

        partners = self.partners
        popularity = [1 / (1 + i % 40) ** 0.5 for i in range(len(partners))]
        sister = set()
        titles = set()
        self.plans = []
        for i, stage in enumerate(stages):
            partner = partners[i] if i < len(partners) else rng.choices(partners, popularity)[0]
            kind = AgreementKind.OTHER
            if partner.level != PartnerLevel.CITY and partner not in sister and rng.random() < 0.4:
                kind = AgreementKind.SISTER_PROVINCE
                sister.add(partner)
            elif partner.level == PartnerLevel.CITY and rng.random() < 0.3:
                kind = AgreementKind.SISTER_CITY
            if kind == AgreementKind.SISTER_PROVINCE:
                codes = rng.sample(SECTOR_CODES, rng.randint(3, len(SECTOR_CODES)))
            else:
                codes = rng.sample(SECTOR_CODES, rng.choices([1, 2, 3], [50, 35, 15])[0])
            sectors = [self.sectors[code] for code in codes]
            if kind == AgreementKind.SISTER_PROVINCE and self.coordinators:
                unit = rng.choice(self.coordinators)
            else:
                unit = rng.choice(self.units_by_sector[codes[0]] or self.units)

            if stage in PRE_SIGNING_STAGES and stage not in lifecycle.path_stages(kind):
                # A step this kind skips (Full Powers): a sister region's file takes it.
                city = partner.level == PartnerLevel.CITY
                kind = AgreementKind.SISTER_CITY if city else AgreementKind.SISTER_PROVINCE
            events, split, signed, end = self.plan_history(rng, stage, kind, unit, partner)
            state = history_state(events).fields
            agreement = Agreement(
                title=self.title(rng, titles, kind, partner, sectors[0], stage),
                partner=partner,
                kind=kind,
                coordinating_unit=unit,
                summary=(
                    f"Kerja sama Pemerintah Provinsi NTB dengan {partner.name} "
                    f"({partner.country}) di bidang "
                    + ", ".join(s.name.lower() for s in sectors)
                    + "."
                ),
                created_by=self.biro,
                created_at=self.at(state["first_contact_date"], 60),
                updated_at=self.at(events[-1].date, 90),
                **state,
            )
            for event in events:
                event.agreement = agreement
            self.plans.append(AgreementPlan(agreement, sectors, events, split, signed, end))

        return self.plans

    def title(self, rng, titles, kind, partner, sector, stage) -> str:
        if kind == AgreementKind.SISTER_PROVINCE:
            base = f"Sister Province NTB – {partner.name}"
        elif kind == AgreementKind.SISTER_CITY:
            base = f"Sister City Mataram – {partner.name}"
        else:
            word = (
                "Penjajakan" if stage == Stage.EXPLORATION and rng.random() < 0.5 else "Kerja sama"
            )
            base = f"{word} {sector.name.lower()} NTB – {partner.name}"
        title, n = base, 1
        while title in titles:
            n += 1
            title = f"{base} ({roman(n)})"
        titles.add(title)
        return title

    def plan_history(self, rng, stage, kind, unit, partner):
        """The steps of the kind's path that led to ``stage``, dated backwards from its
        last step, with the handovers of the file while a step waited.

        Returns (events, split, first MoU signing, last day of the MoU).
        """
        today = self.today
        events = []
        steps = lifecycle.path_steps(kind)  # the Letter of Intent … the signing
        stages = lifecycle.path_stages(kind)

        def days(low, high):
            return timedelta(days=rng.randint(low, high))

        def add(action, from_stage, to_stage, when, **evidence):
            event = StageEvent(
                action=action,
                from_stage=from_stage,
                to_stage=to_stage,
                date=when,
                recorded_by=None if action == StageAction.EXPIRED else self.biro,
                **evidence,
            )
            events.append(event)
            return event

        def dprd_number(when):
            return f"{self.number('dprd', when.year)}/KEP/DPRD/{when.year}"

        def mou_number(when, kind="MoU"):
            return f"{self.number('mou', when.year):03d}/{kind}/BAK/{when.year}"

        def wait(step, in_stage, start, end):
            """While ``step`` waits (from ``start``, until ``end``): maybe a handover of
            the file to one of its usual holders, with the outgoing letter, and maybe
            the answer that brought it back."""
            holders = [h for h in step.holders if h != Holder.BUREAU] if step else []
            room = (end - start).days
            if not holders or room < 4 or rng.random() >= HANDOVER_CHANCE[step.action]:
                return
            holder = holders[0] if rng.random() < 0.75 else rng.choice(holders)
            when = start + days(1, room // 2)
            code = LETTER_CODES.get(holder, "070")
            add(
                StageAction.HANDED_OVER,
                in_stage,
                in_stage,
                when,
                holder=holder,
                holder_unit=unit if holder == Holder.WORK_UNIT else None,
                reference_number=f"{code}/{self.number('handover', when.year)}/BAK/{when.year}",
            )
            if (end - when).days >= 2 and rng.random() < ANSWERED_CHANCE:
                answered = when + days(1, (end - when).days - 1)
                add(
                    StageAction.RECEIVED,
                    in_stage,
                    in_stage,
                    answered,
                    reference_number=f"{self.number('answer', answered.year)}/{answered.year}",
                )

        def walk(dates, until_stage, wait_until):
            """The opening and the steps up to ``until_stage`` on ``dates``; the file's
            current wait runs until ``wait_until`` (None: nothing waits)."""
            add(StageAction.OPENED, "", Stage.EXPLORATION, dates[Stage.EXPLORATION])
            current = Stage.EXPLORATION
            for step in steps:
                if step.to_stage not in dates or step.action == StageAction.MOU_SIGNED:
                    break
                wait(step, current, dates[current], dates[step.to_stage])
                when = dates[step.to_stage]
                add(step.action, current, step.to_stage, when, **evidence(step, when))
                current = step.to_stage
                if current == until_stage:
                    break
            if wait_until is not None:
                waiting = lifecycle.next_step(kind, current)
                wait(waiting, current, dates[current], wait_until)
            return current

        def evidence(step, when):
            if step.action == StageAction.LOI and rng.random() < 0.7:
                return {"consulted_on": when - days(7, 90)}
            if step.action == StageAction.DPRD_APPROVAL:
                return {"reference_number": dprd_number(when)}
            if step.action == StageAction.VERIFIED:
                return {"reference_number": f"120/{self.number('verified', when.year)}/OTDA"}
            if step.action == StageAction.FULL_POWERS:
                number = self.number("full_powers", when.year)
                return {"reference_number": f"{number}/SK/Kemlu/{when.year}"}
            return {}

        def backwards(last_stage, last):
            """The date of every stage up to ``last_stage``, reached on ``last``."""
            dates = {last_stage: last}
            index = stages.index(last_stage)
            for k in range(index, 0, -1):
                low, high = STEP_GAPS[steps[k - 1].action]
                dates[stages[k - 1]] = dates[stages[k]] - days(low, high)
            return dates

        signed = end = None
        if stage in MOU_REACHED:
            term = rng.choices([5, 3, 10], [70, 15, 15])[0]
            renewals = rng.choices([0, 1, 2], [55, 30, 15] if stage == Stage.MOU else [65, 28, 7])[
                0
            ]
            ended = None
            if stage == Stage.MOU:
                last_valid = today + days(2, term * YEAR - 31)
            elif stage == Stage.EXPIRED:
                last_valid = today - days(2, 900)
            else:
                ended = today - days(7, 900)
                last_valid = ended + days(30, term * YEAR - 30)
            signed = add_years(last_valid + DAY, -term * (renewals + 1))
            while signed < EARLIEST_MOU and renewals:
                renewals -= 1
                signed = add_years(last_valid + DAY, -term * (renewals + 1))
            validity = [add_years(signed, term * (k + 1)) - DAY for k in range(renewals + 1)]
            dates = backwards(Stage.MOU, signed)
            before = walk(dates, Stage.MOU, None)
            wait(steps[-1], before, dates[before], signed)
            add(
                StageAction.MOU_SIGNED,
                before,
                Stage.MOU,
                signed,
                valid_until=validity[0],
                reference_number=mou_number(signed),
                signatories=f"Gubernur Nusa Tenggara Barat\nPimpinan {partner.name}",
                languages=rng.choice(LANGUAGES),
            )
            for k in range(1, renewals + 1):
                previous_end = validity[k - 1]
                limit = today
                if k == renewals and stage == Stage.EXPIRED:
                    limit = validity[-1]
                elif k == renewals and stage == Stage.TERMINATED:
                    limit = ended - DAY
                late = min(previous_end + DAY + days(14, 180), limit)
                if rng.random() < 0.12 and late > previous_end + DAY:
                    # Renewed only after the portal had marked it expired.
                    add(StageAction.EXPIRED, Stage.MOU, Stage.EXPIRED, previous_end + DAY)
                    when, from_stage = late, Stage.EXPIRED
                else:
                    when, from_stage = previous_end - days(7, 120), Stage.MOU
                number = mou_number(when, "ADD-MoU") if rng.random() < 0.75 else ""
                add(
                    StageAction.RENEWED,
                    from_stage,
                    Stage.MOU,
                    when,
                    valid_until=validity[k],
                    reference_number=number,
                )
            if stage == Stage.EXPIRED:
                add(StageAction.EXPIRED, Stage.MOU, Stage.EXPIRED, validity[-1] + DAY)
            elif stage == Stage.TERMINATED:
                add(
                    StageAction.TERMINATED,
                    Stage.MOU,
                    Stage.TERMINATED,
                    ended,
                    reason=rng.choice(TERMINATION_REASONS),
                )
            end = ended or validity[-1]
        else:
            if stage == Stage.DROPPED:
                dropped = today - days(30, 10 * YEAR)
                reachable = [s for s in DROPPED_FROM if s in stages]
                weights = [DROPPED_FROM[s] for s in reachable]
                reached = rng.choices(reachable, weights)[0]
                last = dropped - days(30, 400)
                waited_until = dropped
            else:
                reached = stage
                last = today - days(1, WAITING_LIMITS[stage])
                waited_until = today
            dates = backwards(reached, last)
            walk(dates, reached, waited_until)
            if stage == Stage.DROPPED:
                add(
                    StageAction.DROPPED,
                    reached,
                    Stage.DROPPED,
                    dropped,
                    reason=rng.choice(DROP_REASONS),
                )

        events, split = self.with_correction(rng, events)
        recorded = None
        for minute, event in enumerate(events):
            # Recorded in history order: a re-recorded step after the correction before it.
            recorded = max(event.date, recorded or event.date)
            event.recorded_at = self.at(recorded, 60 + minute)
        return events, split, signed, end

    def with_correction(self, rng, events):
        """One history in 25, from the first: a step recorded wrongly, corrected, then redone."""
        steps = (
            StageAction.LOI,
            StageAction.DPRD_APPROVAL,
            StageAction.MOU_SIGNED,
            StageAction.RENEWED,
        )
        candidates = [i for i, e in enumerate(events) if e.action in steps]
        if candidates:
            self.correctable += 1
        if not candidates or self.correctable % 25 != 1:
            return events, len(events)
        j = rng.choice(candidates)
        real = events[j]
        wrong = StageEvent(
            action=real.action,
            from_stage=real.from_stage,
            to_stage=real.to_stage,
            date=real.date,
            reference_number=real.reference_number,
            valid_until=real.valid_until,
            consulted_on=real.consulted_on,
            signatories=real.signatories,
            languages=real.languages,
            recorded_by=real.recorded_by,
        )
        if real.action == StageAction.LOI:
            wrong.date = max(events[j - 1].date, real.date - timedelta(days=rng.randint(1, 30)))
            reason = "Tanggal Letter of Intent salah input."
        elif real.action == StageAction.DPRD_APPROVAL:
            wrong.reference_number = real.reference_number.replace("/KEP/", "/KEP.")
            reason = "Nomor keputusan DPRD salah ketik."
        else:
            wrong.valid_until = add_years(real.valid_until, 1)
            reason = "Masa berlaku MoU salah input."
        correction = StageEvent(
            action=StageAction.CORRECTED,
            from_stage=wrong.to_stage,
            to_stage=wrong.from_stage,
            date=min(self.today, wrong.date + timedelta(days=rng.randint(1, 14))),
            reason=reason,
            corrects=wrong,
            recorded_by=self.biro,
        )
        return [*events[:j], wrong, correction, *events[j:]], j + 1

    def plan_contacts(self) -> list[Contact]:
        rng = self.rng("contacts")
        contacts = []
        kinds = list(ContactKind.values)
        initiators = list(Initiator.values)
        for plan in self.plans:
            agreement = plan.obj
            first = agreement.first_contact_date
            last = min(self.today, agreement.loi_date or first + timedelta(days=400))
            count = rng.choices([1, 2, 3], [50, 35, 15])[0]
            later = (rng.randint(first.toordinal(), last.toordinal()) for _ in range(count - 1))
            dates = [first, *sorted(date.fromordinal(day) for day in later)]
            for when in dates:
                kind = rng.choice(kinds)
                contacts.append(
                    Contact(
                        agreement=agreement,
                        date=when,
                        kind=kind,
                        initiator_type=rng.choice(initiators),
                        initiator_name=self.person(rng, formal=True),
                        participants=(
                            f"{agreement.coordinating_unit.name}\n"
                            f"Pemerintah {agreement.partner.name}"
                        ),
                        location=rng.choice(["Mataram", agreement.partner.name, "Jakarta"]),
                        notes="Penjajakan kerja sama." if when == first else "",
                        recorded_by=self.biro,
                        recorded_at=self.at(when, 480),
                    )
                )
        return contacts

    # --- commitments, tasks, progress -------------------------------------------------

    def plan_commitments(self) -> list[CommitmentPlan]:
        """Two to six commitments for each agreement that reached the MoU."""
        rng = self.followup_rng = self.rng("followup")
        today = self.today
        self.commitments = commitments = []
        for plan in self.plans:
            if plan.signed is None:
                continue
            agreement = plan.obj
            sectors = list(plan.sectors)
            rng.shuffle(sectors)
            used = set()
            # Written into the portal a few weeks after the signing (before the MoU ended).
            created = min(today, plan.end, plan.signed + timedelta(days=rng.randint(7, 60)))
            first_due = min(
                max(today - timedelta(days=3 * YEAR), created + timedelta(days=14)), plan.end
            )
            last_due = min(today + timedelta(days=YEAR), plan.end)
            for i in range(rng.randint(2, 6)):
                sector = sectors[i % len(sectors)]
                choices = [t for t in COMMITMENT_TITLES[sector.code] if t not in used]
                title = rng.choice(choices) if choices else f"{sector.name} ({roman(i + 1)})"
                used.add(title)
                lead = rng.choice(
                    self.units_by_sector[sector.code] or [agreement.coordinating_unit]
                )
                commitment = Commitment(
                    agreement=agreement,
                    sector=sector,
                    title=title,
                    description=(
                        f"Sesuai Pasal {i + 3} MoU: {title.lower()} "
                        f"bersama {agreement.partner.name}."
                    ),
                    lead_unit=lead,
                    created_by=self.biro,
                    created_at=self.at(created, 30),
                )
                item = CommitmentPlan(commitment, plan, created, first_due, last_due)
                plan.commitments.append(item)
                commitments.append(item)
        return commitments

    def plan_tasks(self) -> list[TaskPlan]:
        """The tasks of the commitments, with the number of their progress reports."""
        rng = self.followup_rng  # the commitments' stream, continued
        today = self.today
        commitments = self.commitments
        total = self.counts["tasks"]
        weights = [rng.uniform(0.5, 1.5) for _ in commitments]
        minimums = [1] * len(commitments) if total >= len(commitments) else None
        tasks = []
        for commitment, count in zip(commitments, apportion(total, weights, minimums), strict=True):
            for _ in range(count):
                task = self.plan_task(rng, commitment)
                commitment.tasks.append(task)
                commitment.agreement.tasks.append(task)
                tasks.append(task)

        weights, minimums = [], []
        for task in tasks:
            weight, minimum = self.update_weight(rng, task)
            weights.append(weight)
            minimums.append(minimum)
        for task, count in zip(
            tasks, apportion(self.counts["progress_updates"], weights, minimums), strict=True
        ):
            task.updates = count
            task.changes = self.status_changes(rng, task)

        for task in tasks:
            created = max(
                task.commitment.created, min(task.start - timedelta(days=rng.randint(0, 30)), today)
            )
            task.obj = FollowUpTask(
                commitment=task.commitment.obj,
                responsible_unit=task.unit,
                title=task.title,
                due_date=task.due,
                status=task.status,
                priority=task.priority,
                completed_on=task.last_update if task.status == TaskStatus.DONE else None,
                version=1 + sum(1 for change in task.changes if change),
                created_by=self.biro,
                created_at=self.at(created, 60),
            )
        self.tasks = tasks
        return tasks

    def plan_task(self, rng, commitment: CommitmentPlan) -> TaskPlan:
        today = self.today
        agreement = commitment.agreement
        due = date.fromordinal(
            rng.randint(commitment.first_due.toordinal(), commitment.last_due.toordinal())
        )
        start = max(commitment.created, due - timedelta(days=rng.randint(30, 270)))
        lead = commitment.obj.lead_unit
        unit = lead
        if rng.random() < 0.2:
            unit = rng.choice(self.units_by_sector[commitment.obj.sector.code] or [lead])
        if rng.random() < 0.5:
            action = rng.choice(TASK_ACTIONS)
            title = f"{action} {commitment.obj.title[0].lower()}{commitment.obj.title[1:]}"
        elif rng.random() < 0.3:
            quarter = ROMAN_QUARTERS[(due.month - 1) // 3]
            title = (
                f"Laporan kemajuan triwulan {quarter} {due.year}: {commitment.obj.title.lower()}"
            )
        else:
            title = f"{rng.choice(TASK_ACTIVITIES)} di {rng.choice(PLACES)}"

        if due < today:
            age = (today - due).days
            still_open = 0.45 - 0.30 * min(age, 730) / 730
            status = rng.choices(
                [
                    TaskStatus.DONE,
                    TaskStatus.CANCELLED,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.PLANNED,
                    TaskStatus.BLOCKED,
                ],
                [0.95 - still_open, 0.05, still_open * 0.45, still_open * 0.2, still_open * 0.35],
            )[0]
        else:
            status = rng.choices(
                [
                    TaskStatus.PLANNED,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.BLOCKED,
                    TaskStatus.DONE,
                    TaskStatus.CANCELLED,
                ],
                [40, 45, 6, 7, 2],
            )[0]
        terminated = agreement.obj.stage == Stage.TERMINATED
        if terminated and status in OPEN_STATUSES and rng.random() < 0.85:
            status = TaskStatus.CANCELLED
        if start > today:  # nothing can have happened yet
            status = TaskStatus.PLANNED

        task = TaskPlan(
            commitment=commitment,
            unit=unit,
            title=title[:255],
            due=due,
            start=start,
            status=status,
            priority=rng.choices(list(Priority.values), [15, 60, 25])[0],
        )
        # The window of its progress reports.
        if start <= today:
            task.first_update = start
            if status == TaskStatus.DONE:
                if due < today:
                    done = due + timedelta(days=rng.randint(-60, 45))
                else:
                    done = date.fromordinal(rng.randint(start.toordinal(), today.toordinal()))
                if terminated:
                    done = min(done, agreement.end)
                task.last_update = min(max(done, start), today)
            elif status == TaskStatus.CANCELLED:
                if terminated:
                    stop = agreement.end
                else:
                    stop = date.fromordinal(
                        rng.randint(
                            start.toordinal(), min(today, due + timedelta(days=30)).toordinal()
                        )
                    )
                task.last_update = min(max(stop, start), today)
            elif status == TaskStatus.PLANNED:
                task.last_update = today
            else:  # open: some report weekly, some have gone quiet
                quiet = rng.randint(0, 30) if rng.random() < 0.6 else rng.randint(30, YEAR)
                task.last_update = max(start, today - timedelta(days=quiet))
        return task

    def update_weight(self, rng, task: TaskPlan) -> tuple[float, int]:
        """How many progress reports this task gets, relatively; and at least how many."""
        if task.first_update is None:
            return 0.0, 0
        base = {
            TaskStatus.DONE: 1.3,
            TaskStatus.IN_PROGRESS: 1.0,
            TaskStatus.BLOCKED: 0.8,
            TaskStatus.CANCELLED: 0.5,
            TaskStatus.PLANNED: 0.1,
        }[task.status]
        span = (task.last_update - task.first_update).days
        weight = base * (0.3 + min(span, YEAR) / YEAR) * rng.uniform(0.5, 1.5)
        return weight, 0 if task.status == TaskStatus.PLANNED else 1

    def status_changes(self, rng, task: TaskPlan) -> list[str]:
        """The status change each report records, ending at the task's status."""
        k, status = task.updates, task.status
        if k == 0:
            return []
        if status == TaskStatus.PLANNED:
            return [""] * k
        if status == TaskStatus.IN_PROGRESS:
            changes = [TaskStatus.IN_PROGRESS] + [""] * (k - 1)
        elif k == 1:
            changes = [status]
        else:
            changes = [TaskStatus.IN_PROGRESS] + [""] * (k - 2) + [status]
        if k >= 5 and status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) and rng.random() < 0.15:
            m = rng.randint(1, k - 3)  # blocked for a while, then resumed
            changes[m], changes[m + 1] = TaskStatus.BLOCKED, TaskStatus.IN_PROGRESS
        return [str(c) for c in changes]

    def progress_updates(self):
        """The reports, task by task, generated lazily (there are many); after the tasks
        were written."""
        rng = self.rng("progress")
        for task in self.tasks:
            k = task.updates
            if not k:
                continue
            low, high = task.first_update.toordinal(), task.last_update.toordinal()
            days = sorted(rng.randint(low, high) for _ in range(k))
            if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                days[-1] = high  # the report that closed it
            final = {
                TaskStatus.DONE: 100,
                TaskStatus.IN_PROGRESS: rng.randint(10, 95),
                TaskStatus.BLOCKED: rng.randint(5, 70),
                TaskStatus.CANCELLED: rng.randint(0, 60),
                TaskStatus.PLANNED: rng.randint(0, 10),
            }[task.status]
            cap = 95 if final == 100 else final
            percents = [*sorted(rng.randint(0, cap) for _ in range(k - 1)), final]
            author = self.officers[task.unit]
            terminated = task.commitment.agreement.obj.stage == Stage.TERMINATED
            for day, percent, change in zip(days, percents, task.changes, strict=True):
                if change == TaskStatus.CANCELLED and terminated:
                    text = TERMINATION_TEXTS[0]
                else:
                    quiet = "planned" if task.status == TaskStatus.PLANNED else ""
                    text = rng.choice(UPDATE_TEXTS[change or quiet])
                when = date.fromordinal(day)
                yield ProgressUpdate(
                    task_id=task.obj.pk,
                    author_id=author.pk,
                    date=when,
                    text=text,
                    percent_complete=percent - percent % 5,
                    status_change=change,
                    created_at=self.at(when, rng.randint(0, 540)),
                )

    # --- coordination requests ------------------------------------------------------

    def plan_letters(self) -> list[CoordinationRequest]:
        rng = self.rng("requests")
        today = self.today
        total = self.counts["requests"]
        with_mou = [p for p in self.plans if p.commitments]
        weights = [
            (1.5 if p.obj.stage == Stage.MOU else 1.0) * (1 + len(p.tasks) / 20) for p in with_mou
        ]
        before_mou = [p for p in self.plans if p.obj.stage in PRE_SIGNING_STAGES]
        requests = []
        while len(requests) < total:
            if before_mou and rng.random() < 0.1:
                plan = rng.choice(before_mou)
                low, high = plan.obj.first_contact_date, today
                task = None
                subject = rng.choice(PRE_MOU_SUBJECTS)
            else:
                plan = rng.choices(with_mou, weights)[0]
                low = max(today - timedelta(days=3 * YEAR), plan.signed + timedelta(days=7))
                high = min(today, plan.end)
                low = min(low, high)
                task = rng.choice(plan.tasks) if plan.tasks and rng.random() < 0.75 else None
                if task is not None:
                    task_low = max(low, task.start)
                    task_high = min(high, task.due + timedelta(days=30))
                    if task_low <= task_high:
                        low, high = task_low, task_high
                    subject = f"Perkembangan {task.title[0].lower()}{task.title[1:]}"
                else:
                    subject = rng.choice(REQUEST_SUBJECTS)
            sent = date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))
            due = sent + timedelta(days=rng.choice([7, 7, 10, 14, 14, 14, 21, 30]))
            subject = subject.format(
                half="I" if sent.month <= 6 else "II",
                year=sent.year,
                next_year=sent.year + 1,
                partner=plan.obj.partner.name,
            )[:255]
            if task is not None:
                units = [task.unit]
            else:
                candidates = [plan.obj.coordinating_unit]
                candidates += [c.obj.lead_unit for c in plan.commitments]
                candidates = list(dict.fromkeys(candidates))
                rng.shuffle(candidates)
                units = candidates[: rng.choices([1, 2, 3], [80, 15, 5])[0]]
            units = units[: total - len(requests)]
            code, serial = rng.choice(["070", "119", "500"]), self.number("letter", sent.year)
            number = f"{code}/{serial}/BAK/{sent.year}"
            message = (
                f"Sehubungan dengan pelaksanaan kerja sama {plan.obj.title}, kami mohon Saudara "
                f"menyampaikan {subject[0].lower()}{subject[1:]} paling lambat tanggal "
                f"{due:%d-%m-%Y}."
            )
            for unit in units:
                requests.append(
                    self.letter(rng, plan, task, unit, number, subject, message, sent, due)
                )
        return requests

    def letter(self, rng, plan, task, unit, number, subject, message, sent, due):
        today = self.today
        answered = None
        if due < today:
            state = rng.choices(["on_time", "late", "none"], [65, 20, 15])[0]
        else:
            state = rng.choices(["on_time", "none"], [35, 65])[0]
        yesterday = today - DAY
        if state == "late" and due + DAY <= yesterday:
            late_until = min(yesterday, due + timedelta(days=90))
            answered = date.fromordinal(
                rng.randint((due + DAY).toordinal(), late_until.toordinal())
            )
        elif state != "none" and sent + DAY <= min(due, yesterday):
            answered = date.fromordinal(
                rng.randint((sent + DAY).toordinal(), min(due, yesterday).toordinal())
            )
        return CoordinationRequest(
            agreement=plan.obj,
            task=task.obj if task is not None else None,
            work_unit=unit,
            letter_number=number,
            subject=subject,
            message=message,
            sent_on=sent,
            answer_due=due,
            answer_text=rng.choice(ANSWERS) if answered else "",
            answered_at=self.at(answered, rng.randint(0, 480)) if answered else None,
            answered_by=self.officers[unit] if answered else None,
            version=2 if answered else 1,
            created_by=self.biro,
            created_at=self.at(sent, 60),
        )

    # --- budget lines ---------------------------------------------------------------

    def plan_budget(self) -> list[BudgetLine]:
        """Lines for the last three fiscal years; a quarter of this year's commitments unfunded."""
        rng = self.rng("budget")
        year = self.today.year
        years = [year - 2, year - 1, year]
        this_year = [
            c for c in self.commitments if c.agreement.signed.year <= year <= c.agreement.end.year
        ]
        unfunded = set()
        if this_year:
            count = max(1, round(len(this_year) * 0.25)) if len(this_year) > 1 else 0
            unfunded = set(rng.sample(this_year, count))
        slots, weights = [], []
        for commitment in self.commitments:
            for fiscal_year in years:
                if commitment.agreement.signed.year <= fiscal_year <= commitment.agreement.end.year:
                    slots.append((commitment, fiscal_year))
                    factor = 0.35 if fiscal_year == year and commitment in unfunded else 1.0
                    weights.append(factor * rng.uniform(0.5, 1.5))
        sources = list(FundingSource.values)
        elapsed = (self.today.timetuple().tm_yday) / 366
        lines = []
        for (commitment, fiscal_year), count in zip(
            slots, apportion(self.counts["budget_lines"], weights), strict=True
        ):
            tasks_that_year = [t for t in commitment.tasks if t.due.year == fiscal_year]
            for _ in range(count):
                task = (
                    rng.choice(tasks_that_year) if tasks_that_year and rng.random() < 0.35 else None
                )
                requested = rng.randint(5, 300) * 5_000_000
                luck = rng.random()
                if fiscal_year == year and commitment in unfunded:
                    allocated = 0  # requested, not in the DPA: the study's third cause
                elif fiscal_year != year and luck < 0.08:
                    allocated = 0
                elif luck > 0.97:
                    allocated = round(requested * rng.uniform(1.0, 1.2), -6)  # raised in the DPA-P
                else:
                    allocated = round(requested * rng.uniform(0.4, 1.0), -6)
                share = rng.uniform(0.55, 1.0) if fiscal_year < year else rng.uniform(0, elapsed)
                if fiscal_year < year and rng.random() < 0.02:
                    share = rng.uniform(1.0, 1.1)  # wanted more: spends it all, never beyond
                created = min(
                    self.today, date(fiscal_year, 1, 1) + timedelta(days=rng.randint(0, 80))
                )
                lines.append(
                    BudgetLine(
                        fiscal_year=fiscal_year,
                        work_unit=task.unit if task else commitment.obj.lead_unit,
                        commitment=commitment.obj,
                        task=task.obj if task else None,
                        source=rng.choices(sources, [75, 10, 10, 5])[0],
                        amount_requested=requested,
                        amount_allocated=int(allocated),
                        # Capped: the database refuses spent above allocated.
                        amount_spent=min(int(allocated), int(round(allocated * share, -5))),
                        note=rng.choice(BUDGET_NOTES),
                        created_by=self.biro,
                        created_at=self.at(created, 90),
                    )
                )
        return lines
