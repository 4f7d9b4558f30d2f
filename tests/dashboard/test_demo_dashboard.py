"""The demo data on the dashboard, as ``pimpinan`` (Leadership) sees it on Friday
27 November 2026: which sectors are stalled, for which of the study's three causes,
and which work units hold them back. The demo dates are relative to that day.

What the demo holds (agreements/seeding/demo.py), in short:
Transport's route study is 60 days late, never reported on, its letter unanswered for
30 days and its budget only in last year's; Fisheries' training is 20 days late and
blocked, its letter 6 days late and its budget request allocated nothing; Agriculture's
trial is 40 days late and not reported on for 75 days; Investment is late on all three counts;
Trade (Disdag) has work on time and answers, but no budget line; Culture's only task was
cancelled and it has no budget (its Gyeongbuk agreement waiting for the MoU since 2024 is a
pipeline delay of its holder, not a reason to call the sector stalled);
Tourism and Education are on track.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.health import OPEN_STATUSES, Reason, Status
from agreements.models import Commitment, CoordinationRequest, FollowUpTask, User

from ..clock import TODAY
from .conftest import client_as, english, row_text, section_text

OVERDUE, SILENCE, BUDGET = Reason.OVERDUE, Reason.NO_RESPONSE, Reason.NO_BUDGET
PROGRESS = Reason.NO_PROGRESS
DEMO_SECTORS = {
    # code: (status, reasons in the order the dashboard gives them)
    "perhubungan": (Status.STALLED, [OVERDUE, SILENCE, BUDGET, PROGRESS]),
    "pertanian": (Status.STALLED, [OVERDUE, PROGRESS]),
    "perikanan": (Status.STALLED, [OVERDUE, SILENCE, BUDGET, PROGRESS]),
    "penanaman-modal": (Status.STALLED, [OVERDUE, SILENCE, BUDGET, PROGRESS]),
    "perindag": (Status.STALLED, [BUDGET]),
    "kebudayaan": (Status.STALLED, [BUDGET]),
    "pariwisata": (Status.ON_TRACK, []),
    "pendidikan": (Status.ON_TRACK, []),
}
ROUTE_STUDY = "Kajian kelayakan rute Lombok–Hangzhou"
SEAWEED_TRAINING = "Pelatihan budidaya rumput laut oleh tenaga ahli Zhejiang"


@pytest.fixture
def pimpinan(db):
    call_command("seed_demo", "--force", verbosity=0)
    return User.objects.get(username="pimpinan")


@pytest.fixture
def dashboard(pimpinan):
    response = english(pimpinan).get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    return response


def by_code(response) -> dict:
    return {row["sector"].code: row["assessment"] for row in response.context["matrix"]}


@pytest.mark.parametrize(("code", "status", "why"), [(c, *v) for c, v in DEMO_SECTORS.items()])
def test_it_gives_each_demo_sector_its_status_and_reasons(dashboard, code, status, why):
    assessment = by_code(dashboard)[code]

    assert assessment.status == status
    assert [finding.reason for finding in assessment.findings] == why


def test_it_finds_transport_stalled_on_every_count(dashboard):
    transport = by_code(dashboard)["perhubungan"]

    assert {f.reason: (f.level, f.days) for f in transport.findings} == {
        OVERDUE: (Status.STALLED, 60),
        SILENCE: (Status.STALLED, 30),
        BUDGET: (Status.STALLED, None),
        PROGRESS: (Status.STALLED, None),
    }


def test_it_finds_agriculture_stalled_for_its_overdue_trial(dashboard):
    overdue = by_code(dashboard)["pertanian"].finding(OVERDUE)

    assert (overdue.level, overdue.count, overdue.days) == (Status.STALLED, 1, 40)


def test_it_finds_trade_stalled_for_budget_alone(dashboard):
    trade = by_code(dashboard)["perindag"]

    assert [(f.reason, f.level, f.count) for f in trade.findings] == [(BUDGET, Status.STALLED, 1)]


def test_it_lists_the_stalled_sectors_in_the_headline(dashboard):
    stalled = {row["sector"].code for row in dashboard.context["stalled_sectors"]}

    assert stalled == {code for code, (status, _) in DEMO_SECTORS.items() if status == "stalled"}
    assert section_text(dashboard.content.decode(), "headline").startswith("6 sectors stalled")


def test_it_counts_the_overdue_tasks_of_the_database(dashboard):
    overdue = FollowUpTask.objects.filter(status__in=OPEN_STATUSES, due_date__lt=TODAY)

    assert dashboard.context["items"]["overdue_count"] == overdue.count() == 4
    assert set(dashboard.context["items"]["overdue"]) == set(overdue)


def test_it_counts_the_unanswered_late_requests_of_the_database(dashboard):
    late = CoordinationRequest.objects.filter(answered_at__isnull=True, answer_due__lt=TODAY)

    assert dashboard.context["items"]["late_count"] == late.count() == 3
    assert set(dashboard.context["items"]["late"]) == set(late)


def test_it_counts_the_commitments_without_budget_of_the_database(dashboard):
    unfunded = [
        commitment
        for commitment in Commitment.objects.prefetch_related("budget_lines")
        if not any(
            line.fiscal_year == TODAY.year and line.amount_allocated > 0
            for line in commitment.budget_lines.all()
        )
    ]

    assert dashboard.context["items"]["unfunded_count"] == len(unfunded) == 5
    assert set(dashboard.context["items"]["unfunded"]) == set(unfunded)


def test_it_puts_the_headline_counts_on_the_page(dashboard):
    words = section_text(dashboard.content.decode(), "headline")

    assert "4 follow-up tasks overdue" in words
    assert "3 requests unanswered past their date" in words
    assert "5 commitments without budget in 2026" in words


def test_it_names_the_work_units_with_overdue_work_in_the_scorecard(dashboard):
    overdue = {
        card["unit"].name: card["overdue"]
        for card in dashboard.context["scorecards"]
        if card["overdue"]
    }

    assert overdue == {
        "Dinas Perhubungan": 1,
        "Dinas Kelautan dan Perikanan": 1,
        "Dinas Pertanian dan Perkebunan": 1,
        "Dinas Penanaman Modal dan PTSP": 1,
    }


def test_it_ranks_the_units_holding_the_cooperation_back_first(dashboard):
    cards = dashboard.context["scorecards"]
    statuses = [card["assessment"].status for card in cards]

    assert statuses == sorted(statuses, key=["stalled", "at_risk", "on_track"].index)
    assert cards[-1]["unit"].name == "Dinas Pendidikan dan Kebudayaan"
    # Tourism's follow-up is on track; its PKS ending within the warning window is the
    # one finding, warned like an MoU's end.
    (tourism,) = [card for card in cards if card["unit"].name == "Dinas Pariwisata"]
    assert [f.reason for f in tourism["assessment"].findings] == [Reason.PKS_EXPIRING]
    words = row_text(dashboard.content.decode(), "scorecards", "Dinas Perhubungan")
    assert words.startswith("Dinas Perhubungan Stalled 0/1 (0%) 1 0/1 · 1 overdue")


@pytest.mark.parametrize(
    "words",
    [
        "Follow-up overdue",
        "No answer to the Bureau",
        "No budget allocated",
        "follow-up tasks overdue",
        "requests unanswered past their date",
        "commitments without budget in 2026",
    ],
)
def test_it_names_the_three_causes_on_the_page(dashboard, words):
    assert words in dashboard.content.decode()


def test_it_says_why_transport_is_stalled_in_the_matrix(dashboard):
    words = row_text(dashboard.content.decode(), "sector-matrix", "Transport")

    assert words.startswith("Transport Stalled")
    assert "Follow-up overdue : 1 follow-up task overdue, the oldest by 60 days" in words
    assert "No answer to the Bureau : 1 request unanswered past its date" in words
    assert "No budget allocated : 1 commitment without budget allocated" in words


def test_it_opens_on_the_dashboard_in_indonesian_by_default(pimpinan):
    response = client_as(pimpinan).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert len(response.context["stalled_sectors"]) == 6


# --- the Fisheries drill-down -------------------------------------------------------------


@pytest.fixture
def fisheries(pimpinan):
    response = english(pimpinan).get(reverse("agreements:dashboard_sector", args=["perikanan"]))
    assert response.status_code == 200
    return response


def test_it_says_why_fisheries_is_stalled_on_its_page(fisheries):
    assert [f.reason for f in fisheries.context["assessment"].findings] == [
        OVERDUE,
        SILENCE,
        BUDGET,
        PROGRESS,
    ]
    words = section_text(fisheries.content.decode(), "sector-status")
    assert "Follow-up overdue : 1 follow-up task overdue, the oldest by 20 days" in words
    assert "No answer to the Bureau : 1 request unanswered past its date" in words
    assert "No budget allocated : 1 commitment without budget allocated" in words


def test_it_links_fisheries_to_its_overdue_task(fisheries):
    task = FollowUpTask.objects.get(title=SEAWEED_TRAINING)

    assert list(fisheries.context["items"]["overdue"]) == [task]
    assert f'href="/tasks/{task.pk}/"' in fisheries.content.decode()
    assert task.get_absolute_url() == f"/tasks/{task.pk}/"


def test_it_names_only_the_fisheries_unit_on_its_page(fisheries):
    units = [card["unit"].name for card in fisheries.context["scorecards"]]

    assert units == ["Dinas Kelautan dan Perikanan"]
    assert ROUTE_STUDY not in fisheries.content.decode()


def test_it_reaches_the_overdue_task_from_the_sector_page(pimpinan, fisheries):
    task = FollowUpTask.objects.get(title=SEAWEED_TRAINING)

    response = english(pimpinan).get(f"/tasks/{task.pk}/")

    assert response.status_code == 200
    assert SEAWEED_TRAINING in response.content.decode()


def test_it_warns_of_the_tourism_pks_ending_like_an_mou(dashboard, fisheries):
    """The demo's tourism PKS ends within the warning window: the dashboard lists it with
    its unit and end date; the fisheries page, whose commitments it does not carry, not."""
    page = dashboard.content.decode()
    start = page.index('data-testid="pks-ending"')
    listed = page[start : page.index("</ul>", start)]
    assert "PKS promosi pariwisata Lombok–Hangzhou" in listed and "Dispar" in listed
    assert "PKS pengembangan agribisnis" not in listed  # valid until 2029
    assert 'data-testid="behind-pks-ending"' in page
    assert 'data-testid="behind-pks-ending"' not in fisheries.content.decode()
