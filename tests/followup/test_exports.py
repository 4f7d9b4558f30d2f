"""CSV and XLSX downloads of /tasks/, /coordination/ and /budget/: the filters and the
user's scope applied, Indonesian headers, a BOM for Excel, typed cells in XLSX."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from agreements.exports import BUDGET_COLUMNS, LETTER_COLUMNS, TASK_COLUMNS, XLSX_TYPE
from agreements.models import FollowUpTask, TaskStatus

from ..clock import TODAY, WITA, days
from .conftest import (
    BudgetLineFactory,
    RequestFactory,
    TaskFactory,
    answer,
    client_as,
    post_progress,
)


def headers(columns) -> list[str]:
    """The column headers in Indonesian, whatever the catalogue holds today."""
    with translation.override("id"):
        return [str(header) for header, _ in columns]


def indonesian(text) -> str:
    with translation.override("id"):
        return translation.gettext(str(text))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


# --- tasks --------------------------------------------------------------------------------


@pytest.fixture
def tasks(biro, officer, commitment, task, other_task):
    """``task`` (planned, due in 10 days), one done, one overdue of ``unit``; ``other_task``."""
    done = TaskFactory(commitment=commitment, actor=biro, title="Rencana aksi", due_date=days(-5))
    post_progress(done, actor=officer, on=days(-6), percent=100, status="done")
    late = TaskFactory(
        commitment=commitment, actor=biro, title="Laporan triwulan", due_date=days(-2)
    )
    post_progress(late, actor=officer, percent=40, status="in_progress")
    return {
        "planned": task,
        "done": FollowUpTask.objects.get(pk=done.pk),
        "late": FollowUpTask.objects.get(pk=late.pk),
        "other": other_task,
    }


def task_row(task, *, overdue: bool) -> list[str]:
    agreement = task.commitment.agreement
    with translation.override("id"):
        return [
            str(task.pk),
            task.title,
            agreement.title,
            agreement.partner.name,
            task.commitment.title,
            str(task.commitment.sector),
            task.responsible_unit.name,
            task.due_date.isoformat(),
            str(task.get_status_display()),
            str(task.get_priority_display()),
            indonesian("yes" if overdue else "no"),
            task.completed_on.isoformat() if task.completed_on else "",
        ]


def test_it_downloads_the_filtered_tasks_as_csv(biro, unit, tasks):
    response = client_as(biro).get(
        reverse("agreements:task_list"), {"export": "csv", "work_unit": unit.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="tindak-lanjut-27-november-2026.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(response) == [
        headers(TASK_COLUMNS),
        task_row(tasks["late"], overdue=True),
        task_row(tasks["planned"], overdue=False),
        task_row(tasks["done"], overdue=False),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "done"}, ["done"]),
        ({"overdue": "true"}, ["late"]),
        ({"q": "triwulan"}, ["late"]),
        (
            {"due_date_after": days(0).isoformat(), "due_date_before": days(15).isoformat()},
            ["planned"],
        ),
        ({"status": "planned", "overdue": "false"}, ["planned", "other"]),
    ],
)
def test_it_applies_the_lists_filters_to_the_download(biro, tasks, query, expected):
    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "csv", **query})

    assert response.status_code == 200
    assert [row[0] for row in csv_rows(response)[1:]] == [str(tasks[k].pk) for k in expected]


def test_it_downloads_only_the_officers_unit_tasks(officer, tasks):
    response = client_as(officer).get(reverse("agreements:task_list"), {"export": "csv"})

    assert response.status_code == 200
    ids = [row[0] for row in csv_rows(response)[1:]]
    assert sorted(ids) == sorted(str(tasks[k].pk) for k in ["planned", "done", "late"])
    assert tasks["other"].title not in response.content.decode("utf-8-sig")


def test_it_ignores_a_forged_unit_filter_in_an_officers_download(officer, other_unit, tasks):
    response = client_as(officer).get(
        reverse("agreements:task_list"), {"export": "csv", "work_unit": other_unit.pk}
    )

    assert response.status_code == 200
    assert str(tasks["other"].pk) not in [row[0] for row in csv_rows(response)[1:]]
    assert len(csv_rows(response)) == 4


def test_it_downloads_every_matching_task_not_only_the_first_page(biro, commitment):
    for n in range(27):
        TaskFactory(commitment=commitment, actor=biro, due_date=days(n))

    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "csv"})

    assert response.status_code == 200
    assert len(csv_rows(response)) == 1 + 27


def test_it_keeps_indonesian_headers_for_an_english_user(biro, tasks):
    response = client_as(biro, language="en").get(
        reverse("agreements:task_list"), {"export": "csv"}
    )

    assert response.status_code == 200
    assert csv_rows(response)[0] == headers(TASK_COLUMNS)


def test_it_downloads_the_tasks_as_xlsx_with_typed_cells(biro, tasks):
    response = client_as(biro).get(
        reverse("agreements:task_list"), {"export": "xlsx", "status": "done"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="tindak-lanjut-27-november-2026.xlsx"'
    )
    sheet = xlsx_sheet(response)
    done = tasks["done"]
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == headers(TASK_COLUMNS)
    assert row[0] == done.pk
    assert row[1] == "Rencana aksi"
    assert row[7] == datetime(2026, 11, 22)  # due date, a date cell
    assert row[11] == datetime(2026, 11, 21)  # completion date
    assert sheet["H2"].is_date
    assert sheet["H2"].number_format == "DD/MM/YYYY"


def test_it_writes_the_partners_own_script_intact(biro, tasks):
    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert {row[3] for row in xlsx_rows(response)[1:]} == {
        tasks["planned"].commitment.agreement.partner.name,
        tasks["other"].commitment.agreement.partner.name,
    }


# --- coordination requests ----------------------------------------------------------------


@pytest.fixture
def requests_(
    biro, officer, stranger, agreement, other_agreement, unit, other_unit, request_for_unit
):
    late = RequestFactory(
        actor=biro,
        agreement=agreement,
        work_unit=unit,
        letter_number="070/102/BAK/2026",
        subject="Data benih",
        sent_on=days(-20),
        answer_due=days(-6),
    )
    answered = RequestFactory(
        actor=biro,
        agreement=agreement,
        work_unit=unit,
        letter_number="070/103/BAK/2026",
        subject="Rencana kerja",
        sent_on=days(-10),
        answer_due=days(-1),
    )
    answer(answered, actor=officer, text="Terlampir.")
    other = RequestFactory(
        actor=biro,
        agreement=other_agreement,
        work_unit=other_unit,
        letter_number="070/104/BAK/2026",
        subject="Data kunjungan wisata",
        sent_on=days(-2),
        answer_due=days(5),
    )
    return {"waiting": request_for_unit, "late": late, "answered": answered, "other": other}


def test_it_downloads_the_filtered_requests_as_csv(biro, officer, unit, requests_):
    response = client_as(biro).get(
        reverse("agreements:letter_list"),
        {"export": "csv", "work_unit": unit.pk, "answered": "false"},
    )

    late, waiting = requests_["late"], requests_["waiting"]
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="permintaan-koordinasi-27-november-2026.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(response) == [
        headers(LETTER_COLUMNS),
        [
            "070/102/BAK/2026",
            "Data benih",
            "Sister Province Uji",
            unit.name,
            late.sent_on.isoformat(),
            "2026-11-21",
            "",
            "",
            indonesian("late, no answer"),
        ],
        [
            "070/101/BAK/2026",
            "Jadwal uji coba varietas jagung",
            "Sister Province Uji",
            unit.name,
            waiting.sent_on.isoformat(),
            "2026-12-04",
            "",
            "",
            indonesian("waiting for an answer"),
        ],
    ]


def test_it_downloads_answered_requests_with_the_wita_answer_time(biro, officer, requests_):
    response = client_as(biro).get(
        reverse("agreements:letter_list"), {"export": "xlsx", "answered": "true"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    header, row = xlsx_rows(response)
    assert list(header) == headers(LETTER_COLUMNS)
    assert row[0] == "070/103/BAK/2026"
    assert row[4] == datetime(2026, 11, 17)  # sent on
    assert row[5] == datetime(2026, 11, 26)  # answer due
    assert row[6] == datetime(2026, 11, 27, 10, 0)  # answered at, 10:00 WITA
    assert row[7] == str(officer)
    assert row[8] == indonesian("answered late")


def test_it_downloads_only_late_requests_when_asked(biro, requests_):
    response = client_as(biro).get(
        reverse("agreements:letter_list"), {"export": "csv", "late": "true"}
    )

    assert response.status_code == 200
    assert [row[0] for row in csv_rows(response)[1:]] == ["070/102/BAK/2026"]


def test_it_downloads_only_the_requests_to_the_officers_unit(stranger, requests_):
    response = client_as(stranger).get(reverse("agreements:letter_list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert [row[0] for row in xlsx_rows(response)[1:]] == ["070/104/BAK/2026"]


# --- budget lines -------------------------------------------------------------------------


@pytest.fixture
def lines(biro, commitment, task, other_commitment, budget_line, unit, other_unit):
    last_year = BudgetLineFactory(
        actor=biro,
        commitment=commitment,
        work_unit=unit,
        fiscal_year=TODAY.year - 1,
        amount_requested=90_000_000,
        amount_allocated=90_000_000,
        amount_spent=85_500_000,
    )
    other = BudgetLineFactory(
        actor=biro,
        commitment=other_commitment,
        work_unit=other_unit,
        source="partner",
        amount_requested=400_000_000,
        amount_allocated=0,
    )
    return {"this_year": budget_line, "last_year": last_year, "other": other}


def budget_row(line) -> list:
    with translation.override("id"):
        return [
            line.fiscal_year,
            line.work_unit.name,
            line.commitment.agreement.title,
            line.commitment.title,
            str(line.commitment.sector),
            line.task.title if line.task else None,
            str(line.get_source_display()),
            line.amount_requested,
            line.amount_allocated,
            line.amount_spent,
        ]


def test_it_downloads_the_budget_lines_of_a_fiscal_year_as_xlsx(biro, lines):
    response = client_as(biro).get(
        reverse("agreements:budget_list"), {"export": "xlsx", "fiscal_year": TODAY.year}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="anggaran-27-november-2026.xlsx"'
    )
    rows = xlsx_rows(response)
    assert list(rows[0]) == headers(BUDGET_COLUMNS)
    # An empty string is an empty cell in XLSX: it reads back as None.
    assert sorted(list(row) for row in rows[1:]) == sorted(
        [budget_row(lines["this_year"]), budget_row(lines["other"])]
    )
    assert all(isinstance(row[9], int) for row in rows[1:])


def test_it_downloads_the_budget_lines_as_csv_with_plain_amounts(biro, unit, lines):
    response = client_as(biro).get(
        reverse("agreements:budget_list"), {"export": "csv", "work_unit": unit.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0] == headers(BUDGET_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["2026", "2025"]
    assert rows[1][7:] == ["250000000", "150000000", "60000000"]
    assert rows[2][7:] == ["90000000", "90000000", "85500000"]


def test_it_downloads_only_the_officers_unit_budget_lines(officer, unit, lines):
    response = client_as(officer).get(reverse("agreements:budget_list"), {"export": "csv"})

    assert response.status_code == 200
    rows = csv_rows(response)[1:]
    assert {row[1] for row in rows} == {unit.name}
    assert len(rows) == 2


def test_it_downloads_an_empty_list_with_its_headers(biro, db):
    response = client_as(biro).get(reverse("agreements:budget_list"), {"export": "csv"})

    assert response.status_code == 200
    assert csv_rows(response) == [headers(BUDGET_COLUMNS)]


def test_it_counts_no_item_of_a_done_task_as_overdue(biro, tasks):
    response = client_as(biro).get(
        reverse("agreements:task_list"), {"export": "xlsx", "status": TaskStatus.DONE}
    )

    assert response.status_code == 200
    assert [row[10] for row in xlsx_rows(response)[1:]] == [indonesian("no")]


def test_it_shows_the_wita_clock_in_the_file_name(clock, biro, db):
    clock.move_to(datetime(2026, 11, 27, 23, 30, tzinfo=WITA))

    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "csv"})

    assert response["Content-Disposition"] == (
        'attachment; filename="tindak-lanjut-27-november-2026.csv"'
    )
