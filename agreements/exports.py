"""CSV and XLSX downloads of the lists, with the filters applied and Indonesian headers.

Text that a spreadsheet would run as a formula (a task title "=HYPERLINK(…)") is
neutralised as OWASP advises: a leading single quote, and in XLSX a string cell.
"""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
        headers = [str(header) for header, _ in columns]
        data = [[_cell(getter(row)) for _, getter in columns] for row in rows]
    stamp = timezone.localdate().isoformat()
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
