"""Whose turn it is, on the dashboard and in the portfolio report: the files held past
their guideline name their holder and days, and the lead times say how long each step took
and who held the files."""

import subprocess
from datetime import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agreements.models import Holder, Stage, StageAction

from ..clock import WITA
from ..dashboard.conftest import section_text
from .conftest import days, english, file_at, hand_over, row_text, step


def test_it_lists_the_files_held_past_the_guideline_with_their_holder(biro, leader, sector):
    agreement = file_at(Stage.PLAN, actor=biro, since=days(-150), sectors=[sector], title="Guangxi")
    hand_over(agreement, Holder.DPRD, actor=biro, on=days(-100), letter="170/45/BAK/2026")
    file_at(Stage.LOI, actor=biro, since=days(-120), sectors=[sector], title="Western Australia")

    response = english(leader).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    items = response.context["items"]
    assert items["delayed_count"] == 2
    assert [row.agreement.title for row in items["delayed"]] == ["Guangxi", "Western Australia"]
    words = section_text(response.content.decode(), "behind-delayed")
    assert "Files held past the guideline 2" in words
    assert "Guangxi DPRD approval · held by DPRD for 100 days (guideline 60)" in words
    assert "letter 170/45/BAK/2026" in words
    assert "held by the Bureau itself for 120 days (guideline 90)" in words
    assert f'href="{reverse("agreements:pipeline")}"' in response.content.decode()
    # Neither file makes the sector stalled.
    assert response.context["stalled_sectors"] == []


def test_it_shows_the_lead_times_card_on_the_dashboard(biro, leader, sector, unit):
    made = file_at(Stage.EXPLORATION, actor=biro, since=days(-100), sectors=[sector])
    hand_over(made, Holder.PARTNER, actor=biro, on=days(-90))
    step(made, StageAction.LOI, actor=biro, on=days(-40))

    response = english(leader).get(reverse("agreements:dashboard"))

    assert response.status_code == 200
    words = row_text(response.content.decode(), "lead-times", "Letter of Intent")
    assert words == "Letter of Intent 1 60 d 60 d Partner (50 d) · Cooperation Bureau (10 d)"


def test_it_puts_the_delays_and_lead_times_in_the_portfolio_report(
    biro, clock, tmp_path, sector, other_unit
):
    # The period runs to the end of 2026: the report is made in January 2027.
    clock.move_to(datetime(2027, 1, 4, 10, 0, tzinfo=WITA))
    held = file_at(Stage.LOI, actor=biro, since=days(-200), sectors=[sector], title="Guangxi")
    hand_over(held, Holder.WORK_UNIT, unit=other_unit, actor=biro, on=days(-150))
    step(held, StageAction.PLAN, actor=biro, on=days(-20))
    hand_over(held, Holder.DPRD, actor=biro, on=days(-10))

    response = english(biro).get(
        reverse("agreements:report_pdf"),
        {"report": "portfolio", "start": "2026-01-01", "end": "2026-12-31"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    with translation.override("id"):
        headings = [gettext("Lead times"), gettext("Delays by holder")]
    for heading in headings:
        assert heading in text
    # The plan step was held by Dinas Pariwisata (130 days of 180), the file is at the DPRD.
    assert "Dinas Pariwisata (130)" in " ".join(text.split())
    assert "DPRD" in text
