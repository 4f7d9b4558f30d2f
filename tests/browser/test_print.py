"""The portal's pages on paper (the print block of static/css/portal.css) and the dashboard
charts' label size on a 1366-px screen, in Chromium on the demo data.

On paper: no navigation and no filter form; the scorecard, the widest table of the
dashboard, fits the A4 portrait text width (210 mm less the 12 mm side margins); status
badges carry a border and dark text, since browsers print no background colours.
"""

import pytest
from django.urls import reverse

from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test]

MM = 96 / 25.4
A4_TEXT_WIDTH = (210 - 2 * 12) * MM  # px, @page margin of the print block

DISPLAY = (
    "(selector) => [...document.querySelectorAll(selector)].map((e) => getComputedStyle(e).display)"
)
RIGHT_EDGE = """(selector) => {
  const table = document.querySelector(selector);
  const cells = [...table.querySelectorAll("tr > :last-child")];
  return Math.max(table.getBoundingClientRect().right, table.scrollWidth,
                  ...cells.map((c) => c.getBoundingClientRect().right));
}"""
LABEL_SIZES = """() => [...document.querySelectorAll("figure svg[role=img]")].map((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")]
    .map((t) => parseFloat(getComputedStyle(t).fontSize));
  const wrap = svg.closest(".chart-wrap");
  return {id: svg.querySelector("title").id, smallest: Math.min(...sizes) * scale,
          scrolls: wrap.scrollWidth > wrap.clientWidth + 1};
})"""


@pytest.fixture
def dashboard(page, demo_data):
    log_in(page, "pimpinan")
    page.goto(reverse("agreements:dashboard"))
    return page


def test_it_prints_the_dashboard_without_navigation_or_filters(dashboard):
    page = dashboard
    page.set_viewport_size({"width": round(A4_TEXT_WIDTH), "height": 1100})
    page.emulate_media(media="print")

    assert set(page.evaluate(DISPLAY, ".portal-nav")) == {"none"}
    assert set(page.evaluate(DISPLAY, "main form.filter-card")) == {"none"}
    assert set(page.evaluate(DISPLAY, "main .btn")) <= {"none"}
    assert page.evaluate(RIGHT_EDGE, "[data-testid=scorecards]") <= A4_TEXT_WIDTH + 1
    badge = page.locator("[data-testid=scorecards] .status-badge").first
    assert badge.evaluate("(e) => getComputedStyle(e).borderTopStyle") == "solid"
    assert badge.evaluate("(e) => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    for selector in ("main figure", "[data-testid=scorecards] tr"):
        styles = page.evaluate(
            "(s) => [...document.querySelectorAll(s)].map((e) => getComputedStyle(e).breakInside)",
            selector,
        )
        assert set(styles) == {"avoid"}, selector


def test_it_shows_the_navigation_on_screen(dashboard):
    page = dashboard
    page.emulate_media(media="screen")

    assert "none" not in page.evaluate(DISPLAY, ".portal-nav")
    assert "none" not in page.evaluate(DISPLAY, "main form.filter-card")


def test_it_draws_chart_labels_at_least_11px_at_1366px(dashboard):
    page = dashboard
    page.set_viewport_size({"width": 1366, "height": 900})

    charts = page.evaluate(LABEL_SIZES)

    assert {chart["id"] for chart in charts} == {
        "sector-problems-title",
        "pipeline-title",
        "budget-title",
        "dashboard-benefits-title",
    }
    for chart in charts:
        assert chart["smallest"] >= 11, chart
        assert not chart["scrolls"], chart
