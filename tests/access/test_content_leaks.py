"""Nothing of another work unit reaches an SKPD officer: not in a page, an export, the
calendar feed or a PDF.

Two units take part in the matrix's agreement: ``unit`` (the officer's) coordinates it and
has its task; ``other_unit`` (Dinas Pariwisata, the stranger's) gets, through the services
and as that unit or the Bureau, records marked with unique text: a commitment, tasks (one
in the officer's own commitment), progress with evidence, a document on its task, letters
with their answers (one about the officer's own task), a late letter and budget lines.
Every page the officer may open (the matrix's rows where the officer gets 200 on GET, on
the world's objects) is read as the officer, its text taken out of HTML, CSV, XLSX,
iCalendar or PDF, and must hold no marker. Agreement-level records (the agreement, its
stages, contacts and own documents) are shared by the units taking part: none is marked.
"""

import io
import re
from dataclasses import dataclass, replace
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import CoordinationRequest
from agreements.services.documents import document_create
from agreements.services.pks import pks_create

from ..factories import pdf_upload
from ..followup.conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
    post_progress,
)
from .matrix import ROWS, World, on_letter, row

PREFIX = "BOCOR-7f3a"


def mark(what: str) -> str:
    return f"{PREFIX}-{what}"


# Amounts of the other unit's budget lines, in every way a page or a file may write them.
AMOUNTS = {987_654_321: "987.654.321", 876_543_219: "876.543.219"}
AMOUNT_MARKS = [f"{n}" for n in AMOUNTS] + list(AMOUNTS.values())
AMOUNT_MARKS += [f"{n:,}" for n in AMOUNTS]


@dataclass
class Leaks:
    world: World
    markers: list[str]
    letter_about_their_task: CoordinationRequest


@pytest.fixture
def leaks(access_world) -> Leaks:
    w = access_world
    biro, stranger, other = w.user("biro"), w.user("stranger"), w.other_unit
    overdue, long_ago = date(2026, 11, 1), date(2026, 11, 10)
    # Who wrote it is theirs too: the stranger's name shows only with their records.
    stranger.first_name, stranger.last_name = mark("PERSON"), ""
    stranger.save()

    theirs = CommitmentFactory(
        agreement=w.agreement,
        actor=biro,
        sector=w.sector,
        title=mark("COMMITMENT"),
        description=mark("COMMITMENT-TEXT"),
        lead_unit=other,
    )
    their_task = TaskFactory(
        commitment=theirs,
        actor=biro,
        responsible_unit=other,
        title=mark("TASK"),
        description=mark("TASK-TEXT"),
        due_date=overdue,
    )
    # A task of theirs in the officer's own commitment: the commitment is shared, not it.
    shared = TaskFactory(
        commitment=w.commitment,
        actor=biro,
        responsible_unit=other,
        title=mark("TASK-IN-OWN-COMMITMENT"),
        description=mark("TASK-IN-OWN-COMMITMENT-TEXT"),
        due_date=overdue,
    )
    post_progress(
        their_task,
        actor=stranger,
        on=long_ago,
        text=mark("PROGRESS"),
        percent=40,
        status="in_progress",
        evidence=[pdf_upload(f"{mark('EVIDENCE')}.pdf", text=mark("EVIDENCE-CONTENT"))],
    )
    post_progress(
        shared,
        actor=stranger,
        on=long_ago,
        text=mark("PROGRESS-IN-OWN-COMMITMENT"),
        evidence=[pdf_upload(f"{mark('EVIDENCE-IN-OWN-COMMITMENT')}.pdf")],
    )
    document_create(
        agreement=w.agreement,
        actor=stranger,
        file=pdf_upload("laporan.pdf", text=mark("DOCUMENT-CONTENT")),
        kind="report",
        title=mark("DOCUMENT"),
        task=their_task,
    )
    letter = RequestFactory(
        agreement=w.agreement,
        actor=biro,
        work_unit=other,
        task=their_task,
        letter_number=mark("LETTER/070"),
        subject=mark("SUBJECT"),
        message=mark("MESSAGE"),
        sent_on=date(2026, 11, 2),
        answer_due=date(2026, 11, 20),
        attachment=pdf_upload("surat.pdf", text=mark("LETTER-CONTENT")),
    )
    answer(letter, actor=stranger, text=mark("ANSWER"))
    # A letter to them about the officer's own task: the task page must not show it.
    about_ours = RequestFactory(
        agreement=w.agreement,
        actor=biro,
        work_unit=other,
        task=w.task,
        letter_number=mark("LETTER-ABOUT-OWN-TASK/070"),
        subject=mark("SUBJECT-ABOUT-OWN-TASK"),
        message=mark("MESSAGE-ABOUT-OWN-TASK"),
        sent_on=date(2026, 11, 20),
        answer_due=date(2026, 12, 4),
        attachment=pdf_upload("surat-tugas.pdf"),
    )
    answer(about_ours, actor=stranger, text=mark("ANSWER-ABOUT-OWN-TASK"))
    RequestFactory(
        agreement=w.agreement,
        actor=biro,
        work_unit=other,
        letter_number=mark("LATE-LETTER/070"),
        subject=mark("LATE-SUBJECT"),
        message=mark("LATE-MESSAGE"),
        sent_on=date(2026, 11, 2),
        answer_due=date(2026, 11, 16),
    )
    BudgetLineFactory(
        commitment=theirs,
        task=their_task,
        actor=stranger,
        work_unit=other,
        amount_requested=987_654_321,
        amount_allocated=987_654_321,
        amount_spent=0,
        note=mark("BUDGET-NOTE"),
    )
    BudgetLineFactory(
        commitment=w.commitment,
        actor=biro,
        work_unit=other,
        amount_requested=876_543_219,
        amount_allocated=876_543_219,
        amount_spent=0,
        note=mark("BUDGET-NOTE-IN-OWN-COMMITMENT"),
    )
    # A letter to the officer's unit about a task of theirs: the letter is the officer's to
    # read, the other unit's task is not.
    to_us = RequestFactory(
        agreement=w.agreement,
        actor=biro,
        work_unit=w.unit,
        task=their_task,
        letter_number="070/202/BAK/2026",
        subject="Masukan untuk promosi bersama",
        message="Mohon masukan Dinas Pertanian.",
        sent_on=date(2026, 11, 20),
        answer_due=date(2026, 12, 4),
    )
    return Leaks(world=w, markers=AMOUNT_MARKS, letter_about_their_task=to_us)


# --- reading what the officer receives --------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def received_text(response) -> str:
    """The text of a response as its reader sees it: a page, a CSV or XLSX file, an
    iCalendar feed or a PDF."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"].split(";")[0].strip()
    if kind == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if kind == XLSX:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for cells in sheet.iter_rows(values_only=True)
            for value in cells
            if value is not None
        )
    text = body.decode(response.charset or "utf-8")
    if kind == "text/calendar":
        text = text.replace("\r\n ", "").replace("\r\n\t", "")  # unfold long lines
    return text


def found(markers: list[str], text: str) -> list[str]:
    """The markers in ``text``, case-insensitively and across line breaks (a PDF or a
    narrow column may wrap a marker at its hyphens)."""
    squeezed = "".join(text.split()).lower()
    hits = re.findall(re.escape(PREFIX.lower()) + r"[-a-z0-9/]*", squeezed)
    return sorted(set(hits)) + [m for m in markers if m.lower() in squeezed]


OFFICERS_PAGES = [r for r in ROWS if r.method == "get" and r.expect.officer == 200]


def test_it_reads_every_page_an_officer_may_open():
    kinds = {r.id for r in OFFICERS_PAGES}

    assert {
        "agreements:detail",
        "agreements:task_detail",
        "agreements:task_list[csv]",
        "agreements:budget_list[xlsx]",
        "agreements:calendar_feed",
        "agreements:report_pdf[own unit]",
    } <= kinds


@pytest.mark.parametrize("page", OFFICERS_PAGES, ids=[r.id for r in OFFICERS_PAGES])
def test_it_shows_an_officer_nothing_of_another_units_records(leaks, page):
    w = leaks.world

    response = page.send(w.client("officer"), w)

    assert response.status_code == 200
    hits = found(leaks.markers, received_text(response))
    assert not hits, f"{page.path(w)} shows another unit's records: {', '.join(hits)}"


LETTER_PAGES = [r for r in OFFICERS_PAGES if r.args is on_letter]


@pytest.mark.parametrize("page", LETTER_PAGES, ids=[r.id for r in LETTER_PAGES])
def test_it_shows_an_officer_a_letter_to_their_unit_without_another_units_task(leaks, page):
    w = replace(leaks.world, request=leaks.letter_about_their_task)

    response = page.send(w.client("officer"), w)

    assert response.status_code == 200
    text = received_text(response)
    assert "Masukan untuk promosi bersama" in text
    hits = found(leaks.markers, text)
    assert not hits, f"{page.path(w)} shows another unit's records: {', '.join(hits)}"
    # Its audit trail names the task it is about as "(not shown)"; the Bureau reads it.
    assert "(tidak ditampilkan)" in text
    assert mark("TASK").lower() in received_text(page.send(w.client("biro"), w)).lower()


# --- the markers are there for those who may see them: the test can fail -----------------


def calendar_of_bureau_staff(w):
    return reverse("agreements:calendar_feed", args=[w.user("biro").calendar_token])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            row("agreements:detail").path, ["DOCUMENT", "EVIDENCE", "TASK"], id="timeline"
        ),
        pytest.param(
            row("agreements:task_detail").path,
            ["SUBJECT-ABOUT-OWN-TASK", "ANSWER-ABOUT-OWN-TASK"],
            id="task-history",
        ),
        pytest.param(
            row("agreements:task_list", "xlsx").path, ["TASK-IN-OWN-COMMITMENT"], id="xlsx"
        ),
        pytest.param(row("agreements:letter_list", "csv").path, ["LATE-SUBJECT"], id="csv"),
        pytest.param(calendar_of_bureau_staff, ["LATE-SUBJECT", "TASK"], id="calendar"),
        pytest.param(row("agreements:report_pdf", "other unit").path, ["TASK"], id="pdf"),
    ],
)
def test_it_shows_the_same_records_to_bureau_staff(leaks, path, expected):
    w = leaks.world

    response = w.client("biro").get(path(w))

    assert response.status_code == 200
    text = "".join(received_text(response).split()).lower()
    assert [m for m in expected if mark(m).lower() not in text] == []


# --- another unit's PKS under an MoU both units take part in --------------------------------


def test_it_shows_an_officer_nothing_of_another_units_pks(leaks):
    """The MoU is the officer's unit's too; the other unit's PKS, its document, its task and
    budget line stay theirs: on the MoU's page, the PKS list and export, the inbox, the
    dashboard and the pipeline page. The Bureau sees them, so the markers can be found."""
    w = leaks.world
    biro = w.user("biro")
    theirs = pks_create(
        agreement=w.mou,
        actor=biro,
        title=mark("PKS"),
        work_unit=w.other_unit,
        counterpart=mark("COUNTERPART"),
        signatory_ntb=mark("SIGNATORY"),
        drafted_on=date(2024, 10, 1),
    )
    document_create(
        agreement=w.mou,
        actor=biro,
        file=pdf_upload("rkt.pdf"),
        kind="work_plan",
        title=mark("PKS-WORK-PLAN"),
        pks=theirs,
    )
    commitment = CommitmentFactory(
        agreement=w.mou, actor=biro, sector=w.sector, title="Promosi bersama", lead_unit=w.unit
    )
    TaskFactory(
        commitment=commitment,
        actor=biro,
        responsible_unit=w.other_unit,
        title=mark("PKS-TASK"),
        pks=theirs,
        due_date=date(2026, 12, 20),
    )
    pages = [
        w.mou.get_absolute_url(),
        reverse("agreements:pks_list"),
        reverse("agreements:pks_list") + "?export=csv",
        reverse("agreements:task_list"),
        reverse("agreements:dashboard"),
        reverse("agreements:pipeline"),
    ]
    officer = w.client("officer")
    for path in pages:
        response = officer.get(path)
        assert response.status_code == 200, path
        hits = found(leaks.markers, received_text(response))
        assert not hits, f"{path} shows another unit's PKS: {', '.join(hits)}"
    assert officer.get(theirs.get_absolute_url()).status_code == 404

    bureau = received_text(w.client("biro").get(w.mou.get_absolute_url()))
    assert mark("PKS").lower() in bureau.lower()
    assert mark("PKS-WORK-PLAN").lower() in bureau.lower()
