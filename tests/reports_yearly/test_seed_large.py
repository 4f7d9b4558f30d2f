"""seed_large also makes the monitoring data: work plans per MoU in force per year, 3–6
activities each with 1–3 indicators and realisations, evaluations, visits with
participants; deterministic, proportional to the scale; and the yearly report's query
count does not grow with it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from agreements.models import (
    Evaluation,
    Indicator,
    PlannedActivity,
    Realisation,
    Stage,
    Visit,
    VisitParticipant,
    WorkPlan,
)
from agreements.reports.yearly import lkpj_context, yearly_context
from agreements.services.reports import PortfolioReader

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def seed(scale: str) -> str:
    out = StringIO()
    call_command("seed_large", "--scale", scale, stdout=out)
    return out.getvalue()


def monitoring_fingerprint() -> list:
    return [
        sorted(map(str, WorkPlan.objects.values_list("agreement__title", "year"))),
        sorted(map(str, Indicator.objects.values_list("name", "unit", "target"))),
        sorted(map(str, Realisation.objects.values_list("date", "value"))),
        sorted(map(str, Evaluation.objects.values_list("agreement__title", "year", "status"))),
        sorted(map(str, Visit.objects.values_list("title", "starts_on", "permit_number"))),
    ]


def test_it_makes_plans_indicators_realisations_evaluations_and_visits(debug_on):
    output = seed("0.1")

    plans = WorkPlan.objects.annotate(n=Count("activities"))
    assert plans.exists()
    assert all(3 <= plan.n <= 6 for plan in plans)
    for plan in plans.select_related("agreement"):
        assert plan.agreement.stage in (Stage.MOU, Stage.EXPIRED, Stage.TERMINATED)
        assert plan.agreement.mou_signed_date.year <= plan.year <= plan.agreement.valid_until.year
    counts = PlannedActivity.objects.annotate(n=Count("indicators")).values_list("n", flat=True)
    assert set(counts) <= {1, 2, 3}
    assert Realisation.objects.exists()
    for realisation in Realisation.objects.select_related("progress_update", "indicator__activity"):
        assert realisation.progress_update.task_id == realisation.indicator.activity.task_id
    assert Evaluation.objects.filter(status="completed").exclude(recommendation="").exists()
    assert Visit.objects.count() == 3  # 30 at scale 1
    assert VisitParticipant.objects.count() >= 2 * 3
    assert f"{WorkPlan.objects.count()} work plans" in output


@pytest.mark.django_db(transaction=True)
def test_it_is_deterministic(debug_on):
    seed("0.05")
    first = monitoring_fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    seed("0.05")

    assert monitoring_fingerprint() == first


@pytest.mark.django_db(transaction=True)
def test_building_the_yearly_report_takes_the_same_queries_at_two_scales(debug_on):
    reader = PortfolioReader()
    seed("0.05")
    year = WorkPlan.objects.order_by("year").values_list("year", flat=True).first()
    yearly_context(user=reader, year=year)
    with CaptureQueriesContext(connection) as small:
        yearly_context(user=reader, year=year)
        lkpj_context(user=reader, year=year)
    call_command("flush", interactive=False, verbosity=0)
    seed("0.2")
    with CaptureQueriesContext(connection) as large:
        context = yearly_context(user=reader, year=year)
        lkpj_context(user=reader, year=year)

    assert len(large) == len(small)
    assert context["indicators"]
