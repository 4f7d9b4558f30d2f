"""The dashboard for each reader: an SKPD officer sees the sectors their unit works in, not
all of them, and counts in plain words ("0 tugas terlambat"), red only when not zero; the
Bureau reads the study's causes only where they are found.

The world: an MoU in Agriculture and Tourism coordinated by ``unit``; ``unit`` leads an
Agriculture commitment whose task is due next month; ``other_unit`` has an overdue task in
Tourism; a second agreement, in Education, has a request to ``unit`` about no task; Fisheries
has no follow-up at all.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Commitment, Stage

from ..clock import days
from ..factories import SectorFactory
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    agreement_at,
    client_as,
    english,
    section_text,
)


@pytest.fixture
def world(biro, unit, other_unit, sector, other_sector):
    education = SectorFactory(code="pendidikan", name="Pendidikan", name_en="Education")
    SectorFactory(code="perikanan", name="Perikanan", name_en="Fisheries")
    mou = agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        coordinating_unit=unit,
        sectors=[sector, other_sector],
    )
    farming = CommitmentFactory(agreement=mou, actor=biro, sector=sector, lead_unit=unit)
    TaskFactory(commitment=farming, actor=biro, title="Pelatihan petani", due_date=days(30))
    BudgetLineFactory(actor=biro, commitment=farming)
    tourism = CommitmentFactory(
        agreement=mou, actor=biro, sector=other_sector, lead_unit=other_unit
    )
    TaskFactory(
        commitment=tourism,
        actor=biro,
        responsible_unit=other_unit,
        title="Promosi wisata",
        due_date=days(-12),
    )
    schools = agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        coordinating_unit=other_unit,
        sectors=[education],
        title="Pertukaran pelajar",
    )
    RequestFactory(
        actor=biro, agreement=schools, work_unit=unit, sent_on=days(-3), answer_due=days(10)
    )
    return {"education": education, "schools": schools}


def dashboard(user, language=None):
    response = client_as(user, language=language).get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    return response


def headline_card(page: str, label: str) -> str:
    """The HTML of the headline card whose words contain ``label``."""
    headline = re.search(r'data-testid="headline".*?</section>', page, re.S).group(0)
    for card in headline.split('<div class="col-md-3">')[1:]:
        if label in card:
            return card
    raise AssertionError(f"no headline card with {label!r}")


def test_it_shows_an_officer_only_the_sectors_their_unit_works_in(officer, world, sector):
    response = dashboard(officer)

    codes = [row["sector"].code for row in response.context["matrix"]]
    assert codes == ["pendidikan", "pertanian"]  # a task-less request counts by its agreement
    assert [row["sector"].code for row in response.context["budget"]] == codes
    page = response.content.decode()
    assert "Pariwisata" not in page
    assert "Perikanan" not in page


def test_it_shows_readers_of_everything_every_sector(leader, world):
    response = dashboard(leader)

    assert [row["sector"].code for row in response.context["matrix"]] == [
        "pariwisata",
        "pendidikan",
        "perikanan",
        "pertanian",
    ]
    assert len(response.context["budget"]) == 4


def test_it_narrows_an_officers_sectors_with_the_agreement_filter(officer, world):
    response = client_as(officer).get(
        reverse("agreements:dashboard"), {"agreement": world["schools"].pk}
    )

    assert response.status_code == 200
    assert [row["sector"].code for row in response.context["matrix"]] == ["pendidikan"]


def test_it_says_an_officer_has_no_sector_yet_without_alarm(officer, other_unit, biro):
    SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")

    page = dashboard(officer).content.decode()

    assert "Unit Anda belum memiliki komitmen, tugas, atau permintaan di sektor mana pun." in page
    assert "0 tugas terlambat" in section_text(page, "headline")


def test_it_states_an_officers_zero_counts_as_facts(officer, world):
    page = dashboard(officer).content.decode()
    words = section_text(page, "headline")

    assert "0 tugas terlambat dari tugas yang diserahkan kepada unit Anda" in words
    assert "0 permintaan melewati tenggat jawaban" in words
    assert "0 sektor macet dari 2 sektor yang ditangani unit Anda" in words
    assert "text-danger" not in headline_card(page, "tugas terlambat")
    assert "text-danger" not in headline_card(page, "tenggat jawaban")
    assert "tidak menindaklanjuti" not in words  # the study's cause, not an officer's charge


def test_it_counts_an_officers_overdue_task_in_red(officer, world, unit, biro):
    task = TaskFactory(
        commitment=Commitment.objects.get(lead_unit=unit),
        actor=biro,
        title="Laporan panen",
        due_date=days(-3),
    )

    page = english(officer).get(reverse("agreements:dashboard")).content.decode()

    assert task.responsible_unit == unit
    assert "1 task overdue of the tasks assigned to your unit" in section_text(page, "headline")
    assert "text-danger" in headline_card(page, "task overdue")


def test_it_names_the_cause_to_the_bureau_only_where_it_is_found(leader, world):
    page = english(leader).get(reverse("agreements:dashboard")).content.decode()
    words = section_text(page, "headline")

    assert "1 follow-up task overdue work units do not follow up the MoU" in words
    assert "text-danger" in headline_card(page, "follow-up task overdue")
    assert "0 requests unanswered past their date" in words
    assert "work units do not answer the Bureau" not in words
    assert "text-danger" not in headline_card(page, "unanswered past")
