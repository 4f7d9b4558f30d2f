"""The final check: on the demo data, the 2025 yearly report holds the Zhejiang
figures, the same as the monitoring selectors give the agreement page."""

import io
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement, User, WorkPlan
from agreements.reports.yearly import yearly_context
from agreements.selectors.monitoring import indicator_rows

from ..conftest import client_for
from ..reports.conftest import squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", stdout=StringIO())
    if not WorkPlan.objects.exists():  # until seed_demo calls the issue's demo parts
        from agreements.seeding.demo_evaluations import seed_evaluations
        from agreements.seeding.demo_monitoring import seed_monitoring
        from agreements.seeding.demo_visits import seed_visits
        from tests.clock import TODAY

        seed_monitoring(today=TODAY)
        seed_evaluations(today=TODAY)
        seed_visits(today=TODAY)
    return Agreement.objects.get(partner__name__icontains="Zhejiang", kind="sister_province")


def test_the_2025_report_holds_the_zhejiang_figures(demo, tmp_path):
    leader = User.objects.get(username="pimpinan")
    context = yearly_context(user=leader, year=2025)
    (row,) = [r for r in context["agreements"] if r.pk == demo.pk and not r.is_pks]
    assert row.number == demo.mou_number
    assert row.evaluation is not None
    expected = indicator_rows(user=leader, year=2025, agreement=demo)
    assert expected
    shown = [r for r in context["indicators"] if r.agreement_id == demo.pk]
    assert shown == expected

    response = client_for(leader).get(reverse("agreements:reports_yearly_pdf"), {"year": 2025})
    path = tmp_path / "yearly.pdf"
    path.write_bytes(response.content)
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    text = "".join(squeeze(done.stdout).split())
    assert "Zhejiang" in text and "".join(demo.mou_number.split()) in text
    for indicator in expected:
        assert "".join(indicator.target_text.split()) in text
        assert "".join(indicator.realised_text.split()) in text

    book = load_workbook(
        io.BytesIO(
            client_for(leader)
            .get(reverse("agreements:reports_yearly_xlsx"), {"year": 2025})
            .content
        )
    )
    figures = {
        (r[4].value, r[6].value, r[7].value)
        for r in book.worksheets[1].iter_rows(min_row=2)
        if r[0].value == demo.title
    }
    assert figures == {(i.name, i.target, i.realised) for i in expected}
