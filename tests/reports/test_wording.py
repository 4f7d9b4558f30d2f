"""The portfolio report states facts: a cause is named only when its count is above zero."""

from django.template.loader import render_to_string
from django.utils import translation


def figures(overdue, late, unfunded):
    context = {
        "items": {"overdue_count": overdue, "late_count": late, "unfunded_count": unfunded},
        "fiscal_year": 2026,
        "pipeline_total": 3,
    }
    with translation.override("en"):
        return render_to_string("reports/portfolio.html", context)


def test_a_cause_at_zero_is_not_named():
    html = figures(0, 0, 0)

    assert "work units do not follow up the MoU" not in html
    assert "work units do not answer the Bureau" not in html
    assert "no budget allocated to the cooperation" not in html


def test_a_cause_above_zero_is_named():
    html = figures(2, 1, 3)

    assert "work units do not follow up the MoU" in html
    assert "work units do not answer the Bureau" in html
    assert "no budget allocated to the cooperation" in html
