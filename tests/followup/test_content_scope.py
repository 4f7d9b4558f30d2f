"""The three leaks the audit found, each shown with marked text entered for one unit and
looked for as another: an agreement's timeline, a task's change history, and the
agreement list's work-unit filter.

Both units take part in ``agreement``: ``unit`` (the officer's) coordinates it and is
responsible for ``task``; ``other_unit`` leads a commitment of its own in it.
"""

import pytest
from django.urls import reverse

from agreements.services.documents import document_create

from ..factories import pdf_upload
from .conftest import (
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
    client_as,
    post_progress,
)

MARK = "BOCOR-91c2"


@pytest.fixture
def other_units_task(agreement, biro, other_unit):
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=other_unit)
    return TaskFactory(commitment=commitment, actor=biro, responsible_unit=other_unit)


def test_it_keeps_another_units_evidence_and_letters_off_the_agreement_timeline(
    agreement, biro, officer, stranger, other_unit, other_units_task
):
    post_progress(
        other_units_task,
        actor=stranger,
        text="Promosi wisata",
        evidence=[pdf_upload("bukti.pdf")],
    )
    document_create(
        agreement=agreement,
        actor=stranger,
        file=pdf_upload("laporan.pdf"),
        kind="report",
        title=f"{MARK} laporan Dispar",
        task=other_units_task,
    )
    letter = RequestFactory(
        actor=biro, agreement=agreement, work_unit=other_unit, letter_number=f"{MARK}/070"
    )
    document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("surat.pdf"),
        kind="letter",
        title=f"{MARK}/070 surat",
        coordination_request=letter,
    )
    url = reverse("agreements:detail", args=[agreement.pk])

    as_officer = client_as(officer).get(url)
    as_bureau = client_as(biro).get(url)

    assert as_officer.status_code == as_bureau.status_code == 200
    assert MARK not in as_officer.content.decode()
    assert as_bureau.content.decode().count(MARK) >= 2


def test_it_keeps_a_letter_to_another_unit_out_of_the_task_history(
    agreement, biro, officer, stranger, other_unit, task
):
    letter = RequestFactory(
        actor=biro,
        agreement=agreement,
        work_unit=other_unit,
        task=task,
        subject=f"{MARK} subjek",
        message=f"{MARK} pesan",
    )
    answer(letter, actor=stranger, text=f"{MARK} jawaban Dispar")
    url = reverse("agreements:task_detail", args=[task.pk])

    as_officer = client_as(officer).get(url)
    as_bureau = client_as(biro).get(url)

    assert as_officer.status_code == as_bureau.status_code == 200
    assert MARK not in as_officer.content.decode()
    assert f"{MARK} jawaban Dispar" in as_bureau.content.decode()


def test_it_offers_the_work_unit_filter_of_the_agreement_list_to_readers_of_everything_only(
    agreement, biro, officer, other_unit, other_units_task
):
    url = reverse("agreements:list")

    as_officer = client_as(officer).get(url, {"work_unit": other_unit.pk})
    as_bureau = client_as(biro).get(url, {"work_unit": other_unit.pk})

    assert as_officer.status_code == as_bureau.status_code == 200
    assert "work_unit" not in as_officer.context["filter"].form.fields
    assert other_unit.name not in as_officer.content.decode()
    # The parameter is ignored for the officer, not used to answer "does that unit take part?"
    assert list(as_officer.context["page"].object_list) == [agreement]
    assert "work_unit" in as_bureau.context["filter"].form.fields
    assert list(as_bureau.context["page"].object_list) == [agreement]
