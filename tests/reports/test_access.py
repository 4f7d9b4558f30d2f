"""Who may download which report, save a snapshot and download one.

Leadership, Bureau staff and Administrators: every report. An SKPD officer: their own
unit's work-unit report only; the others answer 403. Saving a snapshot is Leadership's
one write, shared with the Bureau; past snapshots are for readers of everything.

WeasyPrint is stubbed out here (``stub_weasyprint``): these tests are about the rules,
and the reports are rendered for real once per session in test_pdf.py. The report's
HTML is still rendered from the real context of each role.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import ReportSnapshot

from ..followup.conftest import client_as
from .conftest import KINDS, PERIOD, report_url, stub_pdf

READERS = ["leader", "biro", "administrator"]
OCTOBER, END_OF_OCTOBER = date(2026, 10, 1), date(2026, 10, 31)
FILENAMES = {
    "portfolio": "laporan-status-kerja-sama-27-november-2026.pdf",
    "agreement": "laporan-kerja-sama-27-november-2026.pdf",
    "work_unit": "laporan-perangkat-daerah-27-november-2026.pdf",
}


def choices(kind, agreement, unit) -> dict:
    return {
        "portfolio": {},
        "agreement": {"agreement": agreement.pk},
        "work_unit": {"work_unit": unit.pk},
    }[kind]


def archived(month, as_of, content=b"%PDF-1.7\n% archived\n%%EOF\n") -> ReportSnapshot:
    snapshot = ReportSnapshot(month=month, as_of=as_of, pages=1, size=len(content))
    snapshot.file.save(f"laporan-status-kerja-sama-{month:%Y-%m}.pdf", ContentFile(content))
    return snapshot


# --- downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", READERS)
def test_it_lets_readers_of_everything_download_every_report(
    users, agreement, unit, stub_weasyprint, role, kind
):
    response = client_as(users[role]).get(report_url(kind, **choices(kind, agreement, unit)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{FILENAMES[kind]}"'
    assert response.content == stub_pdf(kind)
    assert stub_weasyprint == [kind]


def test_it_lets_an_officer_download_their_own_units_report(officer, unit, stub_weasyprint):
    response = client_as(officer).get(report_url("work_unit", work_unit=unit.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == stub_pdf("work_unit")
    assert stub_weasyprint == ["work_unit"]


def test_it_forbids_an_officer_another_units_report(officer, other_unit, stub_weasyprint):
    response = client_as(officer).get(report_url("work_unit", work_unit=other_unit.pk))

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert stub_weasyprint == []


@pytest.mark.parametrize("kind", ["portfolio", "agreement"])
def test_it_forbids_an_officer_the_other_reports(officer, agreement, unit, stub_weasyprint, kind):
    response = client_as(officer).get(report_url(kind, **choices(kind, agreement, unit)))

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert stub_weasyprint == []


@pytest.mark.parametrize("kind", ["portfolio", "agreement", "work_unit"])
def test_it_forbids_an_officer_the_preview_of_what_they_may_not_download(
    officer, agreement, other_unit, stub_weasyprint, kind
):
    query = {"report": kind, **PERIOD, **choices(kind, agreement, other_unit)}

    response = client_as(officer).get(reverse("agreements:report_preview"), query)

    assert response.status_code == 403
    assert '<section class="cover">' not in response.content.decode()


def test_it_forbids_an_officer_the_report_of_an_agreement_outside_their_scope(
    stranger, agreement, stub_weasyprint
):
    response = client_as(stranger).get(report_url("agreement", agreement=agreement.pk))

    assert response.status_code == 403
    assert stub_weasyprint == []


def test_it_previews_the_report_as_html_for_a_reader(leader, agreement, stub_weasyprint):
    response = client_as(leader).get(
        reverse("agreements:report_preview"), {"report": "portfolio", **PERIOD}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Laporan Status Kerja Sama</h1>" in response.content.decode()
    assert stub_weasyprint == []


# --- the reports page ---------------------------------------------------------------------


def test_it_offers_an_officer_their_own_unit_only(officer, unit, other_unit):
    response = client_as(officer).get(reverse("agreements:reports"))

    units = list(response.context["form"].fields["work_unit"].queryset)
    assert response.status_code == 200
    assert units == [unit]
    assert response.context["form"].initial["report"] == "work_unit"


def test_it_shows_the_archive_to_readers_of_everything_only(leader, officer):
    archived_month = archived(month=OCTOBER, as_of=END_OF_OCTOBER)

    for_leader = client_as(leader).get(reverse("agreements:reports")).content.decode()
    for_officer = client_as(officer).get(reverse("agreements:reports")).content.decode()

    assert archived_month.get_absolute_url() in for_leader
    assert 'data-testid="archive"' not in for_officer
    assert archived_month.get_absolute_url() not in for_officer


@pytest.mark.parametrize(
    ("query", "field", "error"),
    [
        (
            {"report": "portfolio", "start": "2026-11-27", "end": "2026-01-01"},
            "end",
            "Akhir periode tidak boleh sebelum awal periode.",
        ),
        (
            {"report": "portfolio", "start": "2026-01-01", "end": "2026-11-28"},
            "end",
            "Tanggal tidak boleh melewati tanggal hari ini.",
        ),
        (
            {"report": "agreement", **PERIOD},
            "agreement",
            "Pilih kerja sama yang akan dilaporkan.",
        ),
    ],
    ids=["end-before-start", "future-end", "agreement-report-without-agreement"],
)
def test_it_answers_an_invalid_choice_with_the_form_and_its_error(
    leader, stub_weasyprint, query, field, error
):
    response = client_as(leader).get(reverse("agreements:report_pdf"), query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert error in response.content.decode()
    assert response.context["form"].errors[field] == [error]
    assert stub_weasyprint == []


# --- snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "biro"])
def test_it_lets_leadership_and_the_bureau_save_the_snapshot(users, stub_weasyprint, role):
    response = client_as(users[role]).post(reverse("agreements:snapshot_create"))

    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:reports")
    assert (snapshot.month.isoformat(), snapshot.as_of.isoformat()) == ("2026-11-01", "2026-11-27")
    assert snapshot.created_by == users[role]
    assert snapshot.file.read() == stub_pdf("portfolio")


def test_it_saves_snapshots_only_by_post(leader, stub_weasyprint):
    response = client_as(leader).get(reverse("agreements:snapshot_create"))

    assert response.status_code == 405
    assert not ReportSnapshot.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_it_lets_readers_of_everything_download_a_snapshot(users, role):
    snapshot = archived(month=OCTOBER, as_of=END_OF_OCTOBER)

    response = client_as(users[role]).get(snapshot.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-status-kerja-sama-oktober-2026.pdf"'
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n% archived\n%%EOF\n"


def test_it_answers_404_for_a_snapshot_whose_file_is_gone(leader):
    snapshot = archived(month=OCTOBER, as_of=END_OF_OCTOBER)
    snapshot.file.storage.delete(snapshot.file.name)

    response = client_as(leader).get(snapshot.get_absolute_url())

    assert response.status_code == 404
