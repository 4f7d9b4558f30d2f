"""Three sectors, each held back by one of the study's three causes and by nothing else,
and one on track: through health.assess and through /dashboard/ (context and words).

All four sectors share one MoU in force until 2029 (never delayed nor expiring); each has
its own work unit, one commitment and one task reported on two days ago.
"""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from agreements import health
from agreements.health import Reason, Status
from agreements.models import CoordinationRequest, Stage

from ..clock import TODAY, WITA, days
from ..factories import SectorFactory, WorkUnitFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    answer,
    english,
    everything,
    post_progress,
    row_text,
    section_text,
)

# code: (Indonesian name, English name, work unit)
SECTORS = {
    "perindag": ("Perindustrian dan Perdagangan", "Industry and trade", "Dinas Perdagangan"),
    "perhubungan": ("Perhubungan", "Transport", "Dinas Perhubungan"),
    "pertanian": ("Pertanian", "Agriculture", "Dinas Pertanian dan Perkebunan"),
    "pariwisata": ("Pariwisata", "Tourism", "Dinas Pariwisata"),
}
REASON_WORDS = {
    Reason.OVERDUE: "Follow-up overdue",
    Reason.NO_RESPONSE: "No answer to the Bureau",
    Reason.NO_BUDGET: "No budget allocated",
    Reason.NO_PROGRESS: "No progress reported",
    Reason.DELAYED: "Delayed before signing",
    Reason.EXPIRING: "MoU expiring",
}


@pytest.fixture
def sectors(biro):
    """The four sectors by code, each with the one problem its name in the tests says."""
    made = {
        code: SectorFactory(code=code, name=name, name_en=name_en)
        for code, (name, name_en, _unit) in SECTORS.items()
    }
    units = {
        code: WorkUnitFactory(name=unit, abbreviation=code[:6].title())
        for code, (_name, _name_en, unit) in SECTORS.items()
    }
    mou = agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        title="Sister Province NTB – Uji",
        coordinating_unit=units["pariwisata"],
        sectors=list(made.values()),
    )
    tasks = {}
    for code, sector in made.items():
        commitment = CommitmentFactory(
            agreement=mou, actor=biro, sector=sector, lead_unit=units[code]
        )
        tasks[code] = TaskFactory(
            commitment=commitment,
            actor=biro,
            title=f"Tindak lanjut {code}",
            # Only the overdue sector's task is past its date: by 40 days, stalled.
            due_date=days(-40 if code == "pertanian" else 20),
        )
        post_progress(tasks[code], actor=biro, on=days(-2), status="in_progress")
        BudgetLineFactory(
            actor=biro,
            commitment=commitment,
            amount_requested=300_000_000,
            # Only the budget sector was allocated nothing.
            amount_allocated=0 if code == "perindag" else 300_000_000,
        )
    for code in ("perhubungan", "pariwisata"):
        letter = RequestFactory(
            actor=biro,
            agreement=mou,
            work_unit=units[code],
            task=tasks[code],
            sent_on=days(-30),
            answer_due=days(-20),
        )
        # Tourism answered (on time, the day after); Transport never did: 20 days late.
        if code == "pariwisata":
            answer(letter, actor=biro)
            CoordinationRequest.objects.filter(pk=letter.pk).update(
                answered_at=datetime.combine(days(-29), time(10), tzinfo=WITA)
            )
    return made


def assessed(sectors) -> dict:
    found = health.assess(everything(), TODAY, by="sector")
    return {code: found.get(sector.pk, health.Assessment()) for code, sector in sectors.items()}


def reasons(assessment) -> list[str]:
    return [finding.reason for finding in assessment.findings]


@pytest.fixture
def dashboard(leader, sectors):
    response = english(leader).get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    return response


def matrix_row(response, code):
    (row,) = [row for row in response.context["matrix"] if row["sector"].code == code]
    return row


# --- health.assess ------------------------------------------------------------------------


def test_it_stalls_the_sector_whose_only_problem_is_budget(sectors):
    assessment = assessed(sectors)["perindag"]

    assert assessment.status == Status.STALLED
    assert reasons(assessment) == [Reason.NO_BUDGET]
    assert assessment.finding(Reason.NO_BUDGET).count == 1


def test_it_stalls_the_sector_whose_only_problem_is_silence(sectors):
    assessment = assessed(sectors)["perhubungan"]

    assert assessment.status == Status.STALLED
    assert reasons(assessment) == [Reason.NO_RESPONSE]
    assert assessment.finding(Reason.NO_RESPONSE).days == 20


def test_it_stalls_the_sector_whose_only_problem_is_overdue_work(sectors):
    assessment = assessed(sectors)["pertanian"]

    assert assessment.status == Status.STALLED
    assert reasons(assessment) == [Reason.OVERDUE]
    assert assessment.finding(Reason.OVERDUE).days == 40


def test_it_keeps_the_sector_without_problems_on_track(sectors):
    assessment = assessed(sectors)["pariwisata"]

    assert assessment.status == Status.ON_TRACK
    assert assessment.findings == []


# --- /dashboard/ --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status", "why"),
    [
        ("perindag", Status.STALLED, [Reason.NO_BUDGET]),
        ("perhubungan", Status.STALLED, [Reason.NO_RESPONSE]),
        ("pertanian", Status.STALLED, [Reason.OVERDUE]),
        ("pariwisata", Status.ON_TRACK, []),
    ],
)
def test_it_puts_each_sector_in_the_matrix_with_its_reasons(dashboard, code, status, why):
    row = matrix_row(dashboard, code)

    assert row["assessment"].status == status
    assert reasons(row["assessment"]) == why


def test_it_lists_the_three_stalled_sectors_in_the_headline(dashboard):
    stalled = [row["sector"].code for row in dashboard.context["stalled_sectors"]]

    assert sorted(stalled) == ["perhubungan", "perindag", "pertanian"]
    words = section_text(dashboard.content.decode(), "headline")
    assert words.startswith("3 sectors stalled")
    assert all(name in words for name in ("Agriculture", "Industry and trade", "Transport"))
    assert "Tourism" not in words


@pytest.mark.parametrize(
    ("name", "reason", "detail"),
    [
        (
            "Industry and trade",
            Reason.NO_BUDGET,
            "1 commitment without budget allocated this fiscal year",
        ),
        (
            "Transport",
            Reason.NO_RESPONSE,
            "1 request unanswered past its date, the oldest by 20 days",
        ),
        ("Agriculture", Reason.OVERDUE, "1 follow-up task overdue, the oldest by 40 days"),
    ],
)
def test_it_says_in_words_why_each_sector_is_stalled(dashboard, name, reason, detail):
    words = row_text(dashboard.content.decode(), "sector-matrix", name)

    assert "Stalled" in words
    assert f"{REASON_WORDS[reason]} : {detail}" in words
    others = [text for other, text in REASON_WORDS.items() if other != reason]
    assert not [text for text in others if text in words]


def test_it_shows_the_sector_on_track_without_reasons(dashboard):
    words = row_text(dashboard.content.decode(), "sector-matrix", "Tourism")

    assert words == "Tourism On track"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("perindag", Reason.NO_BUDGET),
        ("perhubungan", Reason.NO_RESPONSE),
        ("pertanian", Reason.OVERDUE),
    ],
)
def test_it_gives_the_same_reason_on_the_sector_page(leader, sectors, code, reason):
    response = english(leader).get(reverse("agreements:dashboard_sector", args=[code]))

    assert response.status_code == 200
    assert reasons(response.context["assessment"]) == [reason]
    words = section_text(response.content.decode(), "sector-status")
    assert REASON_WORDS[reason] in words
    assert sum(text in words for text in REASON_WORDS.values()) == 1


def test_it_says_the_sector_on_track_on_its_page(leader, sectors):
    response = english(leader).get(reverse("agreements:dashboard_sector", args=["pariwisata"]))

    assert response.status_code == 200
    assert response.context["assessment"].findings == []
    assert "On track: nothing is overdue, unanswered or unfunded." in section_text(
        response.content.decode(), "sector-status"
    )


def test_it_gives_no_status_to_a_sector_without_follow_up_in_the_scope(biro, sectors):
    """An agreement covering a sector says nothing of it: only commitments and tasks do."""
    culture = SectorFactory(code="kebudayaan", name="Kebudayaan", name_en="Culture")
    agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        title="Kerja sama kebudayaan (uji)",
        sectors=[culture],
    )

    response = english(biro).get(reverse("agreements:dashboard"))

    assert matrix_row(response, "kebudayaan")["assessment"] is None
    assert "no follow-up recorded" in row_text(
        response.content.decode(), "sector-matrix", "Culture"
    )
    assert matrix_row(response, "pariwisata")["assessment"].status == Status.ON_TRACK
