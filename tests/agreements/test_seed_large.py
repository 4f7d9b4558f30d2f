"""The benchmark data set: python manage.py seed_large --scale N."""

import hashlib
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import F, Q
from django.utils import timezone

from agreements import health, lifecycle
from agreements.lifecycle import (
    KEY_FIELDS,
    OPENING_RECORDS,
    PRE_SIGNING_STAGES,
    STEPS,
    effective_events,
)
from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    FollowUpTask,
    Holder,
    Partner,
    ProgressUpdate,
    Role,
    Sector,
    Stage,
    StageAction,
    StageEvent,
    TaskStatus,
    User,
    WorkUnit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TODAY = date(2026, 11, 27)


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_large", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "sectors": Sector.objects.count(),
        "work units": WorkUnit.objects.count(),
        "users": User.objects.count(),
        "partners": Partner.objects.count(),
        "agreements": Agreement.objects.count(),
        "tasks": FollowUpTask.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
        "requests": CoordinationRequest.objects.count(),
        "budget lines": BudgetLine.objects.count(),
    }


def fingerprint() -> list:
    """What the data says, without ids or recording times."""
    return [
        sorted(str(row) for row in queryset)
        for queryset in (
            Agreement.objects.values_list(
                "title", "partner__name", "stage", "stage_since", "valid_until"
            ),
            StageEvent.objects.values_list("agreement__title", "action", "date", "valid_until"),
            FollowUpTask.objects.values_list(
                "title", "responsible_unit__name", "due_date", "status", "completed_on"
            ),
            ProgressUpdate.objects.values_list("date", "percent_complete", "status_change"),
            CoordinationRequest.objects.values_list(
                "letter_number", "work_unit__name", "answer_due", "answered_at"
            ),
            BudgetLine.objects.values_list(
                "fiscal_year", "amount_requested", "amount_allocated", "amount_spent"
            ),
        )
    ]


def fresh_database():
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (
            0.05,
            {
                "sectors": 8,
                "work units": 1,
                "users": 2,
                "partners": 1,
                "agreements": 5,
                "tasks": 250,
                "progress updates": 2_500,
                "requests": 100,
                "budget lines": 50,
            },
        ),
        (
            0.1,
            {
                "sectors": 8,
                "work units": 1,  # max(1, round(0.4))
                "users": 2,
                "partners": 2,
                "agreements": 10,
                "tasks": 500,
                "progress updates": 5_000,
                "requests": 200,
                "budget lines": 100,
            },
        ),
    ],
)
def test_it_creates_counts_in_proportion_to_the_scale(debug_on, scale, expected):
    output = seed("--scale", str(scale))

    assert counts() == expected
    assert f"{expected['tasks']} follow-up tasks" in output


# Committed for real: PostgreSQL cannot flush (TRUNCATE) inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_it_gives_the_same_data_for_the_same_seed_and_other_data_for_another(debug_on):
    seed("--scale", "0.02")
    first = fingerprint()
    fresh_database()

    seed("--scale", "0.02")
    again = fingerprint()
    fresh_database()
    seed("--scale", "0.02", "--seed", "7")

    assert again == first
    assert fingerprint() != first


def test_it_creates_named_units_with_their_officers_and_partners_from_several_countries(
    debug_on,
):
    seed("--scale", "0.4")

    titles = list(Agreement.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 40
    assert Partner.objects.values("country").distinct().count() >= 5
    assert Partner.objects.filter(native_name__endswith="省").exists()
    assert Partner.objects.filter(native_name__endswith="県").exists()
    assert Partner.objects.filter(native_name__endswith="도").exists()
    assert list(WorkUnit.objects.order_by("pk").values_list("name", flat=True)) == [
        "Dinas Pertanian dan Perkebunan 1",
        "Dinas Kelautan dan Perikanan 2",
    ]
    assert User.objects.filter(role=Role.SKPD).count() == 2
    assert User.objects.filter(role=Role.SKPD, work_unit__isnull=True).count() == 0
    assert User.objects.filter(role=Role.BIRO).count() == 1
    assert not any(user.has_usable_password() for user in User.objects.all())


def replay(agreement) -> dict:
    """Walk the effective history through the kind's path; return the stage, the key dates
    and the holder it gives. A step is taken from the stage the path says; a handover or
    an answer keeps the stage and only moves the file."""
    events = effective_events(agreement)
    assert events[0].action == StageAction.OPENED
    fields = {
        name: "" if name.endswith(("number", "signatories", "languages")) else None
        for name in KEY_FIELDS
    }
    stage, since, previous = Stage.EXPLORATION, None, None
    holder, held_since, reference = Holder.BUREAU, None, ""
    for event in events:
        assert event.date <= TODAY
        if previous is not None:
            assert event.date >= previous.date, (agreement.title, event.action)
        if event.action in (StageAction.HANDED_OVER, StageAction.RECEIVED):
            assert stage in PRE_SIGNING_STAGES, (agreement.title, event.action, stage)
            assert (event.from_stage, event.to_stage) == (stage, stage)
            if event.action == StageAction.HANDED_OVER:
                assert event.holder in Holder.values and event.holder != holder
                assert (event.holder == Holder.WORK_UNIT) == (event.holder_unit_id is not None)
                assert event.reference_number  # the outgoing letter
                holder, held_since, reference = event.holder, event.date, event.reference_number
            else:
                assert holder != Holder.BUREAU
                holder, held_since, reference = Holder.BUREAU, event.date, ""
            previous = event
            continue
        if event.action == StageAction.OPENED:
            records = OPENING_RECORDS
        else:
            step = STEPS[event.action]
            assert stage in lifecycle.from_stages(step, agreement.kind), (
                agreement.title,
                event.action,
                stage,
            )
            assert (event.from_stage, event.to_stage) == (stage, step.to_stage)
            if event.action == StageAction.RENEWED:
                assert event.valid_until > fields["valid_until"]
            if event.action == StageAction.EXPIRED:
                assert event.date > fields["valid_until"]
                assert event.recorded_by is None
            if event.action == StageAction.MOU_SIGNED:
                assert event.signatories
            records = step.records
        if event.valid_until is not None:
            assert event.valid_until > event.date
        for source, target in records.items():
            if getattr(event, source) not in (None, ""):
                fields[target] = getattr(event, source)
        if event.to_stage != stage or event.action == StageAction.OPENED:
            since = event.date
        stage, previous = event.to_stage, event
        holder, held_since, reference = Holder.BUREAU, event.date, ""
    if stage not in PRE_SIGNING_STAGES:
        holder, held_since, reference = Holder.BUREAU, None, ""
    return {
        "stage": stage,
        "stage_since": since,
        **fields,
        "holder": holder,
        "held_since": held_since,
        "holder_reference": reference,
    }


def test_it_sets_each_agreements_stage_and_key_dates_from_its_effective_history(debug_on):
    seed("--scale", "0.2")

    agreements = list(Agreement.objects.order_by("pk"))
    assert {a.stage for a in agreements} == set(Stage.values)
    for agreement in agreements:
        expected = replay(agreement)
        assert {name: getattr(agreement, name) for name in expected} == expected
        if agreement.stage == Stage.MOU:
            assert agreement.valid_until >= TODAY
        if agreement.stage == Stage.EXPIRED:
            assert agreement.valid_until < TODAY
    assert StageEvent.objects.filter(action=StageAction.RENEWED).exists()
    corrections = StageEvent.objects.filter(action=StageAction.CORRECTED)
    assert corrections
    for correction in corrections.select_related("agreement", "corrects"):
        assert correction.corrects not in effective_events(correction.agreement)
    out = StringIO()
    call_command("expire_agreements", stdout=out)
    assert out.getvalue() == "0 agreement(s) expired.\n"


def test_it_takes_each_kind_along_its_own_path_with_the_files_changing_hands(debug_on):
    seed("--scale", "0.4")

    on_path = {step.action for step in STEPS.values() if step.on_path}
    signed = Agreement.objects.filter(stage__in=[Stage.MOU, Stage.EXPIRED, Stage.TERMINATED])
    assert set(signed.values_list("kind", flat=True)) >= {"sister_province", "other"}
    for agreement in signed:
        steps = [e.action for e in effective_events(agreement) if e.action in on_path]
        assert steps == [s.action for s in lifecycle.path_steps(agreement.kind)], agreement.title
    # The DPRD and the ministries get the file with a letter; some files wait there now.
    handed = StageEvent.objects.filter(action=StageAction.HANDED_OVER)
    assert {Holder.DPRD, Holder.KEMENDAGRI, Holder.KEMLU} <= set(
        handed.values_list("holder", flat=True)
    )
    assert not handed.filter(reference_number="").exists()
    away = Agreement.objects.exclude(holder=Holder.BUREAU)
    assert away.exists()
    assert not away.exclude(stage__in=PRE_SIGNING_STAGES).exists()
    assert not away.filter(Q(held_since__isnull=True) | Q(holder_reference="")).exists()
    assert (
        not Agreement.objects.exclude(stage__in=PRE_SIGNING_STAGES)
        .filter(held_since__isnull=False)
        .exists()
    )
    assert not Agreement.objects.filter(
        stage__in=PRE_SIGNING_STAGES, held_since__isnull=True
    ).exists()


def test_it_gives_commitments_only_to_agreements_that_reached_the_mou(debug_on):
    seed("--scale", "0.1")

    reached = Agreement.objects.filter(stage__in=[Stage.MOU, Stage.EXPIRED, Stage.TERMINATED])
    for agreement in Agreement.objects.prefetch_related("commitments", "sectors"):
        commitments = list(agreement.commitments.all())
        if agreement in reached:
            assert 2 <= len(commitments) <= 6
            assert {c.sector for c in commitments} <= set(agreement.sectors.all())
        else:
            assert commitments == []
    assert not FollowUpTask.objects.filter(due_date__lt=date(2023, 11, 1)).exists()
    assert not FollowUpTask.objects.filter(due_date__gt=date(2027, 11, 28)).exists()


def test_it_leaves_the_studys_three_problems_in_the_data(debug_on):
    seed("--scale", "0.1")

    assert FollowUpTask.objects.filter(health.overdue_tasks_q(TODAY)).exists()
    for status in TaskStatus.values:
        assert FollowUpTask.objects.filter(status=status).exists(), status
    requests = CoordinationRequest.objects.annotate(answered_on=health.answered_late_annotation())
    assert requests.filter(health.late_letters_q(TODAY)).exists()
    assert requests.filter(health.answered_late_q()).exists()
    assert requests.filter(answered_at__isnull=False).count() > requests.count() / 2
    in_force = Commitment.objects.filter(agreement__stage=Stage.MOU).annotate(
        funded=health.funded_in(TODAY.year, BudgetLine.objects.all())
    )
    assert in_force.filter(funded=False).exists()
    assert in_force.filter(funded=True).exists()
    assert set(BudgetLine.objects.values_list("fiscal_year", flat=True)) == {2024, 2025, 2026}
    lines = BudgetLine.objects.count()
    modest = BudgetLine.objects.filter(
        amount_requested__gte=F("amount_allocated"), amount_allocated__gte=F("amount_spent")
    )
    assert modest.count() > 0.9 * lines


def test_it_dates_nothing_after_today(debug_on):
    seed("--scale", "0.1")
    now = timezone.now()

    assert not ProgressUpdate.objects.filter(date__gt=TODAY).exists()
    assert not FollowUpTask.objects.filter(completed_on__gt=TODAY).exists()
    assert not StageEvent.objects.filter(date__gt=TODAY).exists()
    assert not CoordinationRequest.objects.filter(
        Q(sent_on__gt=TODAY) | Q(answered_at__gt=now)
    ).exists()
    for model in (Agreement, FollowUpTask, ProgressUpdate, CoordinationRequest, BudgetLine):
        assert not model.objects.filter(created_at__gt=now).exists(), model
    for sent_on, answered_at in CoordinationRequest.objects.filter(
        answered_at__isnull=False
    ).values_list("sent_on", "answered_at"):
        assert timezone.localtime(answered_at).date() > sent_on


def test_it_keeps_each_task_in_step_with_its_progress_reports(debug_on):
    seed("--scale", "0.1")

    tasks = FollowUpTask.objects.prefetch_related("updates__author")
    for task in tasks:
        updates = sorted(task.updates.all(), key=lambda u: (u.date, u.pk))
        changes = [u.status_change for u in updates if u.status_change]
        assert (changes[-1] if changes else TaskStatus.PLANNED) == task.status
        assert task.version == 1 + len(changes)
        percents = [u.percent_complete for u in updates]
        assert percents == sorted(percents)
        assert all(u.date >= timezone.localtime(task.created_at).date() for u in updates)
        if task.status == TaskStatus.DONE:
            assert (updates[-1].date, updates[-1].percent_complete) == (task.completed_on, 100)
        assert all(u.author.work_unit_id == task.responsible_unit_id for u in updates)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        seed("--scale", "0.01")

    assert Agreement.objects.count() == 0


def test_it_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    output = seed("--scale", "0.01", "--force")

    assert "1 agreements" in output
    assert Agreement.objects.get().stage == Stage.MOU


def test_it_refuses_a_database_that_already_has_agreements(debug_on, fast_passwords, agreement):
    before = counts()

    with pytest.raises(CommandError, match="fresh database"):
        seed("--scale", "0.01")

    assert counts() == before


def test_it_prints_one_summary_line_with_every_count_and_the_time(debug_on):
    output = seed("--scale", "0.02")

    (line,) = output.splitlines()
    assert line.startswith("seed_large --scale 0.02: 8 sectors, 1 work units,")
    assert "2 agreements" in line
    assert "1000 progress updates, 40 coordination requests, 20 budget lines, " in line
    # Issue 12: the monitoring data (agreements/seeding/large_monitoring.py).
    assert ", 3 work plans, 13 planned activities, 20 indicators, 32 realisations, " in line
    assert ", 2 evaluations, 1 visits, 6 visit participants in " in line
    assert line.endswith(" s.")


# seed_large --scale 1 on 2026-11-27 with the default seed. A change to the generator that
# changes its output updates this constant in the same commit, saying why.
# Issue 10: spent is capped at allocated (13 overspent lines became fully spent), for the
# new budget_spent_within_allocated constraint.
# Issue 11: histories on the regulation's whole path per kind (plan, verification, Full
# Powers), handovers of the file with their letters, stages and holders that follow.
# Issue 12: work plans of the MoUs in force in the last three years, their activities,
# indicators and realisations, the evaluations of the past years, visits and participants
# (agreements/seeding/large_monitoring.py); the other rows are as they were.
SCALE_1_CHECKSUM = "16eaaea83c628ecc94ebb5c385d8a7cc5bf0d8175ac291db9fca23228caf2f48"


def seeded_rows_checksum() -> str:
    """SHA-256 over every row of every table of the app, rows in pk order, fields by name.

    Ids are replaced by the row's rank in its table (and foreign keys by the rank of the
    row they point at): sequences are not reset between tests on PostgreSQL, so raw ids
    differ from run to run while the data does not. Only ``User.password`` is left out:
    an unusable password is a random string, different on every run.
    """
    models = sorted(
        apps.get_app_config("agreements").get_models(include_auto_created=True),
        key=lambda model: model._meta.db_table,
    )
    ranks = {
        model: {
            pk: rank
            for rank, pk in enumerate(
                model._base_manager.order_by("pk").values_list("pk", flat=True)
            )
        }
        for model in models
    }

    def plain(value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        return value.isoformat() if isinstance(value, date) else str(value)

    digest = hashlib.sha256()
    for model in models:
        fields = sorted(
            (
                f
                for f in model._meta.concrete_fields
                if not (model is User and f.name == "password")
            ),
            key=lambda f: f.attname,
        )
        names = [f.attname for f in fields]
        digest.update(f"{model._meta.db_table}:{','.join(names)}\n".encode())
        for row in model._base_manager.order_by("pk").values_list(*names):
            values = []
            for f, value in zip(fields, row, strict=True):
                if value is not None and f.primary_key:
                    value = ranks[model][value]
                elif value is not None and f.is_relation and f.related_model in ranks:
                    value = ranks[f.related_model][value]
                values.append(plain(value))
            digest.update(("\x1f".join(values) + "\n").encode())
    return digest.hexdigest()


def test_it_makes_the_same_rows_at_scale_1_as_when_the_checksum_was_taken(debug_on):
    seed("--scale", "1", "--today", TODAY.isoformat())

    assert seeded_rows_checksum() == SCALE_1_CHECKSUM
