"""The yearly report and the LKPJ material as files, downloaded through the views: the
PDF text, the XLSX cells, who may download."""

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agreements.models.monitoring import Recommendation

from ..conftest import client_for
from ..reports.conftest import squeeze
from .conftest import ALLOCATED, MOU_NUMBER, PERMIT, PKS_NUMBER, REQUESTED, SPENT

pytestmark = pytest.mark.django_db

SHEETS = ["Agreements", "Activities and indicators", "Evaluation", "Budget", "Visits"]


def download(user, name, **query):
    return client_for(user).get(reverse(f"agreements:{name}"), {"year": 2025, **query})


def pdf_text(response, tmp_path) -> str:
    """The text, and the same without any whitespace: a cell's text may wrap."""
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    # In reading order (no -layout): a table cell's lines stay together.
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    text = squeeze(done.stdout)
    return f"{text}\n{''.join(text.split())}"


def bare(phrase: str) -> str:
    return "".join(phrase.split())


def test_the_pdf_holds_the_partner_the_numbers_and_the_figures(world, tmp_path):
    response = download(world.leader, "reports_yearly_pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-kerja-sama-luar-negeri-2025.pdf"' in response["Content-Disposition"]
    text = pdf_text(response, tmp_path)
    assert "Zhejiang (Tiongkok)" in text
    assert MOU_NUMBER in text and PKS_NUMBER in text and "180/123/Gub/2024" in text
    assert bare("Wisatawan Tiongkok ke NTB") in text
    assert "5.000" in text and "3.200" in text and "64%" in text
    with translation.override("id"):
        assert bare(str(Recommendation.REVISE.label)) in text
    assert "Rp 250.000.000" in text and "Rp 150.000.000" in text and "Rp 60.000.000" in text
    assert PERMIT in text and bare("Hangzhou, Ningbo") in text
    assert "Biro Administrasi Kerjasama" in text and "Mataram" in text


def test_the_xlsx_has_a_sheet_per_table_with_numbers_and_dates(world):
    response = download(world.biro, "reports_yearly_xlsx")

    assert response.status_code == 200
    assert 'filename="laporan-kerja-sama-luar-negeri-2025.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    with translation.override("id"):
        assert book.sheetnames == [str(translation.gettext(name)) for name in SHEETS]
    agreements, indicators, evaluation, budget, visits = (book[n] for n in book.sheetnames)
    mou = [c.value for c in agreements[2]]
    assert mou[1:4] == ["Sister Province NTB – Zhejiang", "Zhejiang", "Tiongkok"]
    assert mou[5] == MOU_NUMBER
    assert mou[6].date().isoformat() == "2024-09-02"  # a date, not text
    row = [c.value for c in indicators[2]]
    assert row[4] == "Wisatawan Tiongkok ke NTB"
    assert row[6:9] == [5_000, 3_200, 64]
    assert all(isinstance(v, int) for v in row[6:9])
    with translation.override("id"):
        assert evaluation["D2"].value == str(Recommendation.REVISE.label)
        assert evaluation["D3"].value == str(translation.gettext("not evaluated yet"))
    assert [c.value for c in budget[2]][2:] == [REQUESTED, ALLOCATED, SPENT]
    assert [c.value for c in budget[budget.max_row]][2:] == [REQUESTED, ALLOCATED, SPENT]
    visit = [c.value for c in visits[2]]
    assert visit[6] == 3 and visit[7] == PERMIT


def test_xlsx_text_that_looks_like_a_formula_is_neutralised(world):
    world.mou.__class__.objects.filter(pk=world.mou.pk).update(title='=HYPERLINK("x")')
    book = load_workbook(io.BytesIO(download(world.biro, "reports_yearly_xlsx").content))
    cell = book.worksheets[0]["B2"]

    assert cell.value == '\'=HYPERLINK("x")' and cell.data_type == "s"


def test_the_lkpj_material_reads_as_a_section_per_sector(world, tmp_path):
    response = download(world.biro, "reports_yearly_lkpj")

    assert response.status_code == 200
    text = pdf_text(response, tmp_path)
    assert "2025" in text and "Zhejiang (Tiongkok)" in text
    assert "3.200" in text and "5.000" in text
    assert "Rp 60.000.000" in text
    assert bare("Penerbangan langsung belum tersedia.") in text


@pytest.mark.parametrize(
    "name", ["reports_yearly_pdf", "reports_yearly_xlsx", "reports_yearly_lkpj"]
)
def test_an_officer_is_refused(world, name):
    assert download(world.officer, name).status_code == 403


def test_a_year_without_data_or_in_the_future_is_a_clear_error(world):
    response = download(world.biro, "reports_yearly_pdf", year="2031")

    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert b'data-testid="archive-report"' not in response.content  # no archive of 2031


def test_the_page_offers_the_years_with_data_last_year_first(world):
    response = client_for(world.biro).get(reverse("agreements:reports_yearly"))

    assert response.status_code == 200
    assert response.context["form"]["year"].value() == 2025
    assert [c[0] for c in response.context["form"].fields["year"].choices] == [2025]
    assert b'data-testid="archive-report"' in response.content
    leader = client_for(world.leader).get(reverse("agreements:reports_yearly"))
    assert b'data-testid="archive-report"' not in leader.content
