"""The follow-up's journeys through the views: recording commitments and tasks, posting
progress with evidence, answering and sending letters, clear refusals of bad input, the
officer's inbox, and the demo data."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from agreements import health
from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Document,
    FollowUpTask,
    ProgressUpdate,
    Stage,
    TaskStatus,
    User,
    WorkUnit,
)

from ..clock import NOW, TODAY, days
from ..factories import SectorFactory, pdf_upload
from .conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
    client_as,
    post_progress,
)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def errors_of(form, field=None) -> list[str]:
    """A form's errors in English (they are lazy: read them in the language asserted on)."""
    with translation.override("en"):
        return [str(error) for error in form.errors.get(field or "__all__", [])]


def stored_files(media_root) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


# --- commitments and tasks ----------------------------------------------------------------


def test_it_lets_the_bureau_record_a_commitment(biro, agreement, sector, unit):
    response = client_as(biro).post(
        reverse("agreements:commitment_create", args=[agreement.pk]),
        {
            "sector": sector.pk,
            "title": "  Alih teknologi benih jagung ",
            "description": "Benih unggul dan pascapanen.",
            "lead_unit": unit.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    commitment = Commitment.objects.get()
    assert (commitment.agreement, commitment.sector, commitment.lead_unit) == (
        agreement,
        sector,
        unit,
    )
    assert commitment.title == "Alih teknologi benih jagung"
    assert commitment.created_by == biro
    record = commitment.history.get()
    assert (record.history_type, record.history_user) == ("+", biro)


def test_it_refuses_a_commitment_in_a_sector_outside_the_agreement(biro, agreement, unit):
    outside = SectorFactory(code="perhubungan")

    response = client_as(biro).post(
        reverse("agreements:commitment_create", args=[agreement.pk]),
        {"sector": outside.pk, "title": "Rute penerbangan", "lead_unit": unit.pk},
    )

    assert response.status_code == 200
    assert "sector" in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_it_lets_the_bureau_assign_a_task(biro, commitment, other_unit):
    response = client_as(biro).post(
        reverse("agreements:task_create", args=[commitment.pk]),
        {
            "title": "Kajian pasar jagung",
            "description": "",
            "responsible_unit": other_unit.pk,
            "due_date": days(30).isoformat(),
            "priority": "high",
        },
    )

    task = FollowUpTask.objects.get()
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    assert (task.commitment, task.responsible_unit, task.title) == (
        commitment,
        other_unit,
        "Kajian pasar jagung",
    )
    assert (task.due_date, task.priority, task.status, task.version) == (
        days(30),
        "high",
        TaskStatus.PLANNED,
        1,
    )
    assert task.completed_on is None
    record = task.history.get()
    assert (record.history_type, record.history_user) == ("+", biro)


def test_it_sets_the_completion_date_when_the_bureau_marks_a_task_done(biro, task):
    response = client_as(biro).post(
        reverse("agreements:task_edit", args=[task.pk]),
        {
            "title": task.title,
            "responsible_unit": task.responsible_unit_id,
            "due_date": task.due_date.isoformat(),
            "priority": task.priority,
            "status": "done",
            "version": task.version,
        },
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.version) == ("done", TODAY, 2)


# --- progress -----------------------------------------------------------------------------


def progress_post(task, **changes):
    return {
        "version": task.version,
        "date": days(-1).isoformat(),
        "text": "Uji coba selesai; laporan terlampir.",
        "percent_complete": 100,
        "status_change": "done",
        **changes,
    }


def test_it_records_an_officers_progress_with_a_pdf_and_its_status_change(officer, task):
    response = client_as(officer, language="en").post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_post(task, evidence=pdf_upload("laporan-uji-coba.pdf")),
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == ["The progress update was saved."]
    update = ProgressUpdate.objects.get()
    assert (update.task, update.author, update.date) == (task, officer, days(-1))
    assert (update.percent_complete, update.status_change) == (100, "done")
    assert update.text == "Uji coba selesai; laporan terlampir."
    document = Document.objects.get()
    assert (document.task, document.progress_update, document.agreement) == (
        task,
        update,
        task.commitment.agreement,
    )
    assert (document.original_name, document.content_type, document.uploaded_by) == (
        "laporan-uji-coba.pdf",
        "application/pdf",
        officer,
    )
    assert document.file.read().startswith(b"%PDF")
    task.refresh_from_db()
    # The completion date is the day the progress reports, not the day it was typed in.
    assert (task.status, task.completed_on, task.version) == ("done", days(-1), 2)


def test_it_lets_the_officer_download_their_evidence(officer, task):
    post_progress(task, actor=officer, evidence=[pdf_upload("bukti.pdf")])
    document = Document.objects.get()

    response = client_as(officer).get(document.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_hides_another_units_evidence_from_an_officer(stranger, officer, task):
    post_progress(task, actor=officer, evidence=[pdf_upload("bukti.pdf")])

    response = client_as(stranger).get(Document.objects.get().get_absolute_url())

    assert response.status_code == 404


def test_it_records_progress_without_a_status_change(officer, task):
    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_post(task, status_change="", percent_complete=40),
    )

    assert response.status_code == 302
    assert ProgressUpdate.objects.get().status_change == ""
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.version) == ("planned", None, 1)


def test_it_clears_the_completion_date_when_a_done_task_is_reopened(officer, task):
    post_progress(task, actor=officer, status="done", percent=100)
    task.refresh_from_db()

    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_post(task, status_change="in_progress", percent_complete=80),
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on) == ("in_progress", None)


def test_it_keeps_cancelling_a_task_for_the_bureau(officer, task):
    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_post(task, status_change="cancelled"),
    )

    assert response.status_code == 200
    assert "status_change" in response.context["progress_form"].errors
    assert not ProgressUpdate.objects.exists()
    task.refresh_from_db()
    assert task.status == "planned"


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        pytest.param(
            {"percent_complete": 150},
            "percent_complete",
            "Ensure this value is less than or equal to 100.",
            id="percent-150",
        ),
        pytest.param(
            {"date": days(1).isoformat()},
            None,
            "The date cannot be in the future.",
            id="future-date",
        ),
        pytest.param({"text": "  "}, "text", "This field is required.", id="empty-text"),
        pytest.param(
            {"evidence": SimpleUploadedFile("laporan.pdf", HTML_AS_PDF, "application/pdf")},
            "evidence",
            "This kind of file is not accepted. Allowed: PDF, JPEG, PNG, DOCX, XLSX, PPTX.",
            id="html-disguised-as-pdf",
        ),
        pytest.param(
            {"evidence": SimpleUploadedFile("laporan.png", b"", "image/png")},
            "evidence",
            "The submitted file is empty.",
            id="empty-file",
        ),
    ],
)
def test_it_refuses_bad_progress_with_a_clear_error_and_saves_nothing(
    media_root, officer, task, changes, field, error
):
    response = client_as(officer, language="en").post(
        reverse("agreements:task_progress", args=[task.pk]), progress_post(task, **changes)
    )

    form = response.context["progress_form"]
    assert response.status_code == 200
    assert errors_of(form, field) == [error]
    assert error in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []
    task.refresh_from_db()
    assert (task.status, task.version) == ("planned", 1)


# --- coordination requests ----------------------------------------------------------------


def test_it_records_an_officers_answer(officer, request_for_unit):
    response = client_as(officer, language="en").post(
        reverse("agreements:letter_answer", args=[request_for_unit.pk]),
        {"version": request_for_unit.version, "answer_text": " Jadwal uji coba terlampir. "},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == ["The answer was recorded."]
    request_for_unit.refresh_from_db()
    assert request_for_unit.answer_text == "Jadwal uji coba terlampir."
    assert request_for_unit.answered_by == officer
    assert request_for_unit.answered_at == NOW


@pytest.mark.parametrize("version", [1, 2], ids=["stale-page", "current-version"])
def test_it_refuses_a_second_answer(biro, officer, request_for_unit, version):
    answer(request_for_unit, actor=officer, text="Jawaban pertama.")
    request_for_unit.refresh_from_db()
    before = (request_for_unit.answer_text, request_for_unit.answered_at, request_for_unit.version)

    response = client_as(biro, language="en").post(
        reverse("agreements:letter_answer", args=[request_for_unit.pk]),
        {"version": version, "answer_text": "Jawaban kedua."},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == [f"This request was already answered by {officer}."]
    request_for_unit.refresh_from_db()
    assert (
        request_for_unit.answer_text,
        request_for_unit.answered_at,
        request_for_unit.version,
    ) == before
    assert request_for_unit.answered_by == officer


def test_it_refuses_an_empty_answer(officer, request_for_unit):
    response = client_as(officer, language="en").post(
        reverse("agreements:letter_answer", args=[request_for_unit.pk]),
        {"version": request_for_unit.version, "answer_text": "   "},
    )

    assert response.status_code == 200
    assert errors_of(response.context["form"], "answer_text") == ["This field is required."]
    request_for_unit.refresh_from_db()
    assert (request_for_unit.answered_at, request_for_unit.answer_text) == (None, "")
    assert request_for_unit.version == 1


def request_post(agreement, units, **changes):
    return {
        "agreement": agreement.pk,
        "work_units": [unit.pk for unit in units],
        "letter_number": "070/200/BAK/2026",
        "subject": "Permintaan laporan kemajuan",
        "message": "Mohon laporan kemajuan tindak lanjut MoU.",
        "sent_on": TODAY.isoformat(),
        "answer_due": days(14).isoformat(),
        **changes,
    }


def test_it_sends_one_letter_to_three_units_at_once(
    media_root, biro, agreement, unit, other_unit, third_unit
):
    units = [unit, other_unit, third_unit]

    response = client_as(biro, language="en").post(
        reverse("agreements:letter_create"),
        request_post(agreement, units, attachment=pdf_upload("surat-070-200.pdf")),
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == ["The request was sent to 3 work unit(s)."]
    letters = CoordinationRequest.objects.order_by("work_unit__name")
    assert sorted(r.work_unit_id for r in letters) == sorted(u.pk for u in units)
    assert {r.letter_number for r in letters} == {"070/200/BAK/2026"}
    assert {(r.sent_on, r.answer_due, r.created_by_id) for r in letters} == {
        (TODAY, days(14), biro.pk)
    }
    documents = Document.objects.all()
    assert {d.coordination_request_id for d in documents} == {r.pk for r in letters}
    assert len({d.file.name for d in documents}) == 1
    assert len(stored_files(media_root)) == 1


def test_it_opens_the_request_when_sent_to_a_single_unit(biro, agreement, unit):
    response = client_as(biro).post(
        reverse("agreements:letter_create"), request_post(agreement, [unit])
    )

    assert response.status_code == 302
    assert response["Location"] == CoordinationRequest.objects.get().get_absolute_url()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        pytest.param(
            {"answer_due": days(-1).isoformat()},
            "answer_due",
            "The answer date cannot be before the sending date.",
            id="answer-before-sent",
        ),
        pytest.param({"work_units": []}, "work_units", "This field is required.", id="no-unit"),
        pytest.param(
            {"attachment": SimpleUploadedFile("surat.pdf", HTML_AS_PDF, "application/pdf")},
            "attachment",
            "This kind of file is not accepted. Allowed: PDF, JPEG, PNG, DOCX, XLSX, PPTX.",
            id="html-disguised-as-pdf",
        ),
    ],
)
def test_it_refuses_a_bad_request_with_a_clear_error_and_saves_nothing(
    media_root, biro, agreement, unit, changes, field, error
):
    response = client_as(biro, language="en").post(
        reverse("agreements:letter_create"), request_post(agreement, [unit], **changes)
    )

    assert response.status_code == 200
    assert errors_of(response.context["form"], field) == [error]
    assert not CoordinationRequest.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_it_refuses_a_letter_number_already_sent_to_the_same_unit(
    biro, agreement, unit, other_unit, request_for_unit
):
    response = client_as(biro, language="en").post(
        reverse("agreements:letter_create"),
        request_post(agreement, [other_unit, unit], letter_number="070/101/BAK/2026"),
    )

    assert response.status_code == 200
    assert errors_of(response.context["form"], "letter_number") == [
        "Letter 070/101/BAK/2026 was already sent to: Dinas Pertanian dan Perkebunan."
    ]
    assert list(CoordinationRequest.objects.all()) == [request_for_unit]


def test_it_refuses_a_request_about_a_task_of_another_agreement(biro, agreement, unit, other_task):
    response = client_as(biro, language="en").post(
        reverse("agreements:letter_create"),
        request_post(agreement, [unit], task=other_task.pk),
    )

    assert response.status_code == 200
    assert errors_of(response.context["form"], "task") == [
        "The task does not belong to this agreement."
    ]
    assert not CoordinationRequest.objects.exists()


# --- budget lines -------------------------------------------------------------------------


def test_it_lets_the_officer_record_a_budget_line_for_a_task(officer, unit, commitment, task):
    response = client_as(officer).post(
        reverse("agreements:budget_create"),
        {
            "fiscal_year": TODAY.year,
            "commitment": commitment.pk,
            "task": task.pk,
            "source": "apbd",
            "amount_requested": 250_000_000,
            "amount_allocated": 150_000_000,
            "amount_spent": 0,
        },
    )

    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.work_unit, line.commitment, line.task, line.created_by) == (
        unit,
        commitment,
        task,
        officer,
    )
    assert (line.amount_requested, line.amount_allocated, line.amount_spent) == (
        250_000_000,
        150_000_000,
        0,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"amount_spent": -1}, "amount_spent", id="negative-amount"),
        pytest.param({"amount_requested": "1.5"}, "amount_requested", id="not-whole-rupiah"),
        pytest.param({"fiscal_year": 1999}, None, id="fiscal-year-out-of-range"),
        pytest.param({"source": "hibah"}, "source", id="unknown-source"),
    ],
)
def test_it_refuses_a_bad_budget_line(biro, unit, commitment, changes, field):
    data = {
        "fiscal_year": TODAY.year,
        "work_unit": unit.pk,
        "commitment": commitment.pk,
        "source": "apbd",
        "amount_requested": 1,
        "amount_allocated": 1,
        "amount_spent": 0,
        **changes,
    }

    response = client_as(biro).post(reverse("agreements:budget_create"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (field in errors) if field else errors
    assert not BudgetLine.objects.exists()


@pytest.fixture
def biro_commitments(biro, agreement, commitment, unit):
    second = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    return commitment, second, TaskFactory(commitment=second, actor=biro)


def test_it_refuses_a_budget_line_whose_task_is_of_another_commitment(biro, biro_commitments, unit):
    first, _, task_of_second = biro_commitments

    response = client_as(biro, language="en").post(
        reverse("agreements:budget_create"),
        {
            "fiscal_year": TODAY.year,
            "work_unit": unit.pk,
            "commitment": first.pk,
            "task": task_of_second.pk,
            "source": "apbd",
            "amount_requested": 1,
            "amount_allocated": 0,
            "amount_spent": 0,
        },
    )

    assert response.status_code == 200
    assert errors_of(response.context["form"], "task") == [
        "The task does not belong to the chosen commitment."
    ]
    assert not BudgetLine.objects.exists()


# --- the officer's inbox ------------------------------------------------------------------


@pytest.fixture
def inbox_items(biro, officer, agreement, commitment, task, request_for_unit, budget_line):
    late = TaskFactory(commitment=commitment, actor=biro, title="Laporan", due_date=days(-1))
    very_late = TaskFactory(commitment=commitment, actor=biro, title="Kajian", due_date=days(-10))
    today = TaskFactory(commitment=commitment, actor=biro, title="Rapat", due_date=TODAY)
    done = TaskFactory(commitment=commitment, actor=biro, title="Rencana", due_date=days(-20))
    post_progress(done, actor=officer, on=days(-21), status="done", percent=100)
    answered = RequestFactory(
        actor=biro, agreement=agreement, work_unit=officer.work_unit, subject="Sudah dijawab"
    )
    answer(answered, actor=officer)
    old_line = BudgetLineFactory(
        actor=biro, commitment=commitment, work_unit=officer.work_unit, fiscal_year=TODAY.year - 1
    )
    return {
        "order": [very_late, late, today, task, done],
        "answered": answered,
        "old_line": old_line,
    }


def test_it_sends_an_officer_to_their_inbox(officer):
    response = client_as(officer).get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:task_list")


def test_it_lists_overdue_tasks_first_then_open_ones_by_due_date_then_closed(officer, inbox_items):
    response = client_as(officer).get(reverse("agreements:task_list"))

    assert response.status_code == 200
    assert [t.pk for t in response.context["page"].object_list] == [
        t.pk for t in inbox_items["order"]
    ]


def test_it_shows_the_officers_unanswered_requests_in_the_inbox(
    officer, request_for_unit, inbox_items
):
    response = client_as(officer).get(reverse("agreements:task_list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["inbox"]["letters"]) == [request_for_unit]
    assert request_for_unit.letter_number in content
    assert inbox_items["answered"].subject not in content


def test_it_shows_the_officers_budget_lines_of_this_year_in_the_inbox(
    officer, budget_line, inbox_items
):
    response = client_as(officer).get(reverse("agreements:task_list"))

    assert response.status_code == 200
    assert list(response.context["inbox"]["budget_lines"]) == [budget_line]
    assert reverse("agreements:budget_edit", args=[budget_line.pk]) in response.content.decode()


def test_it_shows_no_inbox_to_the_bureau(biro, inbox_items):
    response = client_as(biro).get(reverse("agreements:task_list"))

    assert response.status_code == 200
    assert response.context["inbox"] is None
    assert 'data-testid="inbox"' not in response.content.decode()


# --- the demo data ------------------------------------------------------------------------


def demo_counts() -> dict:
    models = [
        Agreement,
        Commitment,
        FollowUpTask,
        ProgressUpdate,
        CoordinationRequest,
        BudgetLine,
        Document,
        User,
        WorkUnit,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts.update({f"history of {model.__name__}": model.history.count() for model in models[:6]})
    return counts


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Agreement.objects.get(title="Sister Province NTB – Zhejiang")


def test_it_seeds_the_zhejiang_mou_with_commitments_in_several_sectors(demo):
    commitments = Commitment.objects.filter(agreement=demo)

    assert demo.stage == Stage.MOU
    assert commitments.values("sector").distinct().count() >= 3
    assert set(commitments.values_list("sector", flat=True)) <= set(
        demo.sectors.values_list("pk", flat=True)
    )


def test_it_seeds_tasks_in_every_status(demo):
    statuses = set(
        FollowUpTask.objects.filter(commitment__agreement=demo).values_list("status", flat=True)
    )

    assert statuses == set(TaskStatus.values)


def test_it_seeds_the_studys_three_problems(demo):
    tasks = FollowUpTask.objects.filter(commitment__agreement=demo)
    letters = CoordinationRequest.objects.filter(agreement=demo)
    funded = BudgetLine.objects.filter(fiscal_year=TODAY.year, amount_allocated__gt=0)

    # Work not followed up, letters not answered, no budget.
    assert tasks.filter(health.overdue_tasks_q(TODAY)).exists()
    assert letters.filter(health.late_letters_q(TODAY)).exists()
    assert (
        Commitment.objects.filter(agreement=demo)
        .exclude(pk__in=funded.values("commitment"))
        .exists()
    )


def test_it_seeds_an_answered_late_and_an_answered_on_time_request(demo):
    answered = [r for r in CoordinationRequest.objects.filter(agreement=demo) if r.is_answered]

    assert {health.letter_answered_late(r) for r in answered} == {True, False}


def test_it_seeds_the_same_data_on_a_second_run(demo):
    first = demo_counts()

    call_command("seed_demo", "--force", stdout=io.StringIO())

    assert demo_counts() == first


def test_it_shows_the_demo_agriculture_officer_only_their_units_tasks(demo):
    officer = User.objects.get(username="skpd-pertanian")

    response = client_as(officer).get(reverse("agreements:task_list"))

    shown = list(response.context["page"].object_list)
    assert response.status_code == 200
    assert shown
    assert {task.responsible_unit.abbreviation for task in shown} == {"Distanbun"}
    assert len(shown) == FollowUpTask.objects.filter(responsible_unit=officer.work_unit).count()


@pytest.mark.parametrize("year", [1999, 2101, 99999])
def test_it_refuses_a_fiscal_year_outside_the_range_in_words(biro, commitment, unit, year):
    response = client_as(biro, language="en").post(
        reverse("agreements:budget_create"),
        {
            "fiscal_year": year,
            "work_unit": unit.pk,
            "commitment": commitment.pk,
            "source": "apbd",
            "amount_requested": 1,
            "amount_allocated": 0,
            "amount_spent": 0,
        },
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["fiscal_year"]] == [
        "min_value" if year < 2000 else "max_value"
    ]
    assert not BudgetLine.objects.exists()
