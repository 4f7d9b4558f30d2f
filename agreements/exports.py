"""CSV and XLSX downloads of the lists, with the filters applied and Indonesian headers:
one table of columns per list, below ``export_response``.

Text that a spreadsheet would run as a formula (a task title "=HYPERLINK(…)") is
neutralised as OWASP advises: a leading single quote, and in XLSX a string cell.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import health
from .formatting import filename_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# What makes Excel, LibreOffice or Google Sheets read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """``text`` safe in a spreadsheet: no formula, no character XML forbids (an old row
    may hold one; openpyxl refuses to write it)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Promise):
        # A lazy translation ("ya"/"tidak"): openpyxl only writes real strings.
        value = str(value)
    if isinstance(value, str):
        return neutralised(value)
    return value  # numbers stay numbers: a negative amount is not a formula


def export_response(
    *,
    kind: str,
    filename: str,
    columns: list[tuple[str, Callable]],
    rows: Iterable,
) -> HttpResponse:
    """Build a CSV or XLSX download. ``columns`` are (header, getter) pairs.

    Headers are always Indonesian: the files go to other offices as they are.
    """
    with translation.override("id"):
        headers = [str(header) for header, _getter in columns]
        data = [[_cell(getter(row)) for _header, getter in columns] for row in rows]
    stamp = filename_date(timezone.localdate())
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = filename[:31]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in data:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        for index, header in enumerate(headers, start=1):
            width = max([len(header)] + [len(str(r[index - 1] or "")) for r in data[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
            for cell in sheet[get_column_letter(index)][1:]:
                if isinstance(cell.value, date | datetime):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        buffer = io.StringIO()
        # A BOM so that Excel opens the UTF-8 file with the right characters (浙江省).
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in data:
            writer.writerow(
                ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{kind}"'
    return response


def _yes_no(value: bool):
    return _("yes") if value else _("no")


def _letter_state(letter):
    return health.letter_state(letter, timezone.localdate()).label


@dataclass(frozen=True)
class ExportTable:
    """One list's download: the file name and the (header, getter) columns."""

    filename: str
    columns: list[tuple[str, Callable]]

    def response(self, queryset, *, kind: str) -> HttpResponse:
        # In chunks: iterator() keeps the selectors' prefetch_related() only with a chunk size.
        rows = queryset.iterator(chunk_size=2000)
        return export_response(kind=kind, filename=self.filename, columns=self.columns, rows=rows)


AGREEMENT_COLUMNS = [
    (_("No."), lambda a: a.pk),
    (_("Agreement"), lambda a: a.title),
    (_("Partner"), lambda a: a.partner.name),
    (_("Country"), lambda a: a.partner.country),
    (_("Kind"), lambda a: a.get_kind_display()),
    (_("Sectors"), lambda a: ", ".join(str(sector) for sector in a.sectors.all())),
    (
        _("Coordinating work unit"),
        lambda a: a.coordinating_unit.name if a.coordinating_unit else "",
    ),
    (_("Stage"), lambda a: a.get_stage_display()),
    (_("Stage date"), lambda a: a.stage_since),
    (_("DPRD decision number"), lambda a: a.dprd_decision_number),
    (_("MoU number"), lambda a: a.mou_number),
    (_("Valid until"), lambda a: a.valid_until),
]

TASK_COLUMNS = [
    (_("No."), lambda t: t.pk),
    (_("Follow-up task"), lambda t: t.title),
    (_("Agreement"), lambda t: t.commitment.agreement.title),
    (_("Partner"), lambda t: t.commitment.agreement.partner.name),
    (_("Commitment"), lambda t: t.commitment.title),
    (_("Sector"), lambda t: str(t.commitment.sector)),
    (_("Responsible work unit"), lambda t: t.responsible_unit.name),
    (_("Due date"), lambda t: t.due_date),
    (_("Status"), lambda t: t.get_status_display()),
    (_("Priority"), lambda t: t.get_priority_display()),
    (_("Overdue"), lambda t: _yes_no(t.is_overdue)),
    (_("Completion date"), lambda t: t.completed_on),
]

LETTER_COLUMNS = [
    (_("Letter number"), lambda r: r.letter_number),
    (_("Subject"), lambda r: r.subject),
    (_("Agreement"), lambda r: r.agreement.title),
    (_("Addressed to"), lambda r: r.work_unit.name),
    (_("Sent on"), lambda r: r.sent_on),
    (_("Answer due"), lambda r: r.answer_due),
    (_("Answered at"), lambda r: r.answered_at),
    (_("Answered by"), lambda r: str(r.answered_by) if r.answered_by else ""),
    (_("State"), _letter_state),
]

BUDGET_COLUMNS = [
    (_("Fiscal year"), lambda b: b.fiscal_year),
    (_("Work unit"), lambda b: b.work_unit.name),
    (_("Agreement"), lambda b: b.commitment.agreement.title),
    (_("Commitment"), lambda b: b.commitment.title),
    (_("Sector"), lambda b: str(b.commitment.sector)),
    (_("Follow-up task"), lambda b: b.task.title if b.task else ""),
    (_("Source of funds"), lambda b: b.get_source_display()),
    (_("Requested (Rp)"), lambda b: b.amount_requested),
    (_("Allocated in the DPA (Rp)"), lambda b: b.amount_allocated),
    (_("Spent (Rp)"), lambda b: b.amount_spent),
]

PARTNER_COLUMNS = [
    (_("Partner"), lambda p: p.name),
    (_("Name in its own script"), lambda p: p.native_name),
    (_("Country"), lambda p: p.country),
    (_("Level"), lambda p: p.get_level_display()),
    (_("Number of agreements"), lambda p: p.agreement_count),
]

WORK_UNIT_COLUMNS = [
    (_("Work unit"), lambda u: u.name),
    (_("Abbreviation"), lambda u: u.abbreviation),
    (_("Sectors"), lambda u: ", ".join(str(sector) for sector in u.sectors.all())),
    (_("Head of unit"), lambda u: u.head_name),
    (_("E-mail"), lambda u: u.email),
    (_("Telephone"), lambda u: u.phone),
    (_("Active"), lambda u: _yes_no(u.is_active)),
]

AGREEMENT_EXPORT = ExportTable("kerja-sama", AGREEMENT_COLUMNS)
TASK_EXPORT = ExportTable("tindak-lanjut", TASK_COLUMNS)
LETTER_EXPORT = ExportTable("permintaan-koordinasi", LETTER_COLUMNS)
BUDGET_EXPORT = ExportTable("anggaran", BUDGET_COLUMNS)
PARTNER_EXPORT = ExportTable("mitra", PARTNER_COLUMNS)
WORK_UNIT_EXPORT = ExportTable("perangkat-daerah", WORK_UNIT_COLUMNS)
