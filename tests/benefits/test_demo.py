"""The benefits of the demo: the Zhejiang MoU's 2025 plan (seed_monitoring) read on the
benefits page and in the dashboard card as Leadership reads them. The benefits area adds
no demo records of its own: it shows the work plans' indicators."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from agreements.models import User
from agreements.models.monitoring import BenefitKind, IndicatorUnit
from agreements.seeding.demo_monitoring import seed_monitoring
from agreements.selectors.monitoring import add_up, indicator_rows

from .conftest import TODAY, client_as


@pytest.fixture
def pimpinan(db):
    call_command("seed_demo", "--force", verbosity=0)
    with transaction.atomic():
        seed_monitoring(today=TODAY)
    return User.objects.get(username="pimpinan")


def test_the_demo_shows_zhejiangs_2025_benefits_the_same_on_the_page_and_the_card(pimpinan):
    client = client_as(pimpinan, language="id")

    page = client.get("/benefits/", {"year": "2025"})
    card = client.get(reverse("agreements:dashboard"), {"fiscal_year": "2025"})

    expected = add_up(indicator_rows(user=pimpinan, year=2025))[None]
    assert expected, "the demo has 2025 indicators"
    for totals in (page.context["totals"], card.context["benefits"]["totals"]):
        assert [(t.benefit_kind, t.unit, t.target, t.realised) for t in totals] == [
            (t.benefit_kind, t.unit, t.target, t.realised) for t in expected
        ]
    investment = {
        t.unit: (t.target, t.realised)
        for t in page.context["totals"]
        if t.benefit_kind == BenefitKind.INVESTMENT
    }
    # Rupiah pledged and enterprises investing: two lines, never one sum.
    assert investment[IndicatorUnit.RUPIAH] == (250_000_000_000, 85_000_000_000)
    assert IndicatorUnit.ENTERPRISES in investment
    assert "Rp 85.000.000.000" in page.content.decode()
