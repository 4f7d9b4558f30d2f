"""Annual work plans: plan → task → realisation → the figures on the pages and in the
agreement report; the rules that refuse, and what each unit sees."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import (
    FollowUpTask,
    Indicator,
    PlannedActivity,
    ProgressUpdate,
    Realisation,
    WorkPlan,
)
from agreements.reports.builders import ReportFilters, agreement_context, portfolio_context
from agreements.reports.render import render_html
from agreements.reports.yearly import yearly_context
from agreements.selectors.monitoring import format_figure
from agreements.services.monitoring import (
    MonitoringError,
    activity_delete,
    activity_make_task,
    indicator_delete,
    work_plan_create,
)

from ..clock import TODAY
from ..followup.conftest import client_as, post_progress
from .conftest import TOURISTS, TRAINING, add_activity, indicator


def progress_form(task, **figures) -> dict:
    task.refresh_from_db()
    data = {
        "version": task.version,
        "date": TODAY.isoformat(),
        "text": "Pelatihan angkatan pertama selesai.",
        "percent_complete": 60,
        "status_change": "",
    }
    for indicator_pk, value in figures.items():
        data[f"realised_{indicator_pk}"] = value
    return data


def activity_post(plan, *, title, work_unit, sector, commitment="", indicators) -> dict:
    data = {
        "title": title,
        "description": "",
        "sector": sector.pk,
        "work_unit": work_unit.pk,
        "quarter": 3,
        "commitment": commitment,
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": 0,
        "indicators-MIN_NUM_FORMS": 1,
        "indicators-MAX_NUM_FORMS": 5,
    }
    for n, row in enumerate(indicators):
        for key, value in row.items():
            data[f"indicators-{n}-{key}"] = value
    return data


# --- the journey ----------------------------------------------------------------------------


def test_it_goes_from_the_plan_to_the_same_figures_on_every_page_and_report(
    biro, officer, mou, unit, agriculture, agri_commitment
):
    bureau = client_as(biro)
    response = bureau.post(
        reverse("agreements:work_plan_create", args=[mou.pk]),
        {"year": 2026, "meeting_date": "2026-02-10", "meeting_place": "Hangzhou", "notes": ""},
    )
    plan = WorkPlan.objects.get(agreement=mou, year=2026)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()

    response = bureau.post(
        reverse("agreements:activity_create", args=[plan.pk]),
        activity_post(
            plan,
            title="Pelatihan budidaya rumput laut",
            work_unit=unit,
            sector=agriculture,
            indicators=[indicator(TRAINING, "1.500")],
        ),
    )
    assert response.status_code == 302
    activity = PlannedActivity.objects.get(work_plan=plan)
    assert list(activity.indicators.values_list("name", "target")) == [(TRAINING, 1500)]

    response = bureau.post(reverse("agreements:activity_task", args=[activity.pk]))
    activity.refresh_from_db()
    task = activity.task
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert (task.commitment, task.responsible_unit, task.due_date) == (
        agri_commitment,
        unit,
        date(2026, 9, 30),
    )
    assert TRAINING in task.description

    officer_client = client_as(officer)
    page = officer_client.get(task.get_absolute_url()).content.decode()
    indicator_pk = activity.indicators.get().pk
    assert f'name="realised_{indicator_pk}"' in page
    response = officer_client.post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_form(task, **{str(indicator_pk): "1.200"}),
    )
    assert response.status_code == 302
    realisation = Realisation.objects.get()
    assert (realisation.value, realisation.date, realisation.recorded_by) == (1200, TODAY, officer)
    assert realisation.progress_update.task == task

    page = officer_client.get(mou.get_absolute_url()).content.decode()
    assert "1.500" in page and "1.200" in page and "80%" in page
    task_page = officer_client.get(task.get_absolute_url()).content.decode()
    assert "1.200" in task_page and str(officer) in task_page

    context = agreement_context(
        user=biro, agreement=mou, filters=ReportFilters(start=date(2026, 1, 1), end=TODAY)
    )
    (table,) = context["plan_tables"]
    (row,) = table["rows"]
    assert (table["year"], row.name, row.target, row.realised, row.share) == (
        2026,
        TRAINING,
        1500,
        1200,
        80,
    )
    html = render_html(context)
    assert "Rencana" in html or "Plan and realisation" in html
    assert TRAINING in html and "1.200" in html and "80%" in html

    # The same figures in the dashboard's benefits card, the benefits view, the portfolio
    # report and the yearly report.
    expected = [("knowledge", "people", 1500, 1200, 80)]

    def figures(totals):
        return [(t.benefit_kind, t.unit, t.target, t.realised, t.share) for t in totals]

    card = bureau.get(reverse("agreements:dashboard")).context["benefits"]["totals"]
    assert figures(card) == expected
    view = bureau.get(reverse("agreements:benefits"), {"year": 2026}).context["totals"]
    assert figures(view) == expected
    portfolio = portfolio_context(
        user=biro, filters=ReportFilters(start=date(2026, 1, 1), end=TODAY)
    )
    assert figures(portfolio["benefits"]["totals"]) == expected
    yearly = yearly_context(user=biro, year=2026, today=TODAY)
    assert figures(yearly["indicator_totals"]) == expected
    assert [(r.name, r.target, r.realised) for r in yearly["indicators"]] == [
        (TRAINING, 1500, 1200)
    ]


# --- the plan -------------------------------------------------------------------------------


def test_it_refuses_a_second_plan_for_the_same_year(biro, mou, plan):
    response = client_as(biro).post(
        reverse("agreements:work_plan_create", args=[mou.pk]),
        {"year": 2026, "meeting_date": "2026-03-01", "meeting_place": "", "notes": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert WorkPlan.objects.filter(agreement=mou).count() == 1
    with pytest.raises(MonitoringError):
        work_plan_create(agreement=mou, actor=biro, year=2026, meeting_date=date(2026, 3, 1))


def test_it_records_a_plan_only_for_an_mou_in_force(biro, agreement):
    response = client_as(biro).post(
        reverse("agreements:work_plan_create", args=[agreement.pk]),
        {"year": 2026, "meeting_date": "2026-03-01", "meeting_place": "", "notes": ""},
    )

    assert response.status_code == 200
    assert "work-plan-not-allowed" in response.content.decode()
    assert not WorkPlan.objects.exists()


# --- the task -------------------------------------------------------------------------------


def test_it_makes_the_task_once(biro, activity):
    url = reverse("agreements:activity_task", args=[activity.pk])
    bureau = client_as(biro)

    first = bureau.post(url)
    second = bureau.post(url)

    activity.refresh_from_db()
    assert FollowUpTask.objects.filter(title=activity.title).count() == 1
    assert first["Location"] == second["Location"] == activity.task.get_absolute_url()


def test_it_asks_for_a_commitment_when_the_sector_has_none(biro, other_activity):
    response = client_as(biro).post(
        reverse("agreements:activity_task", args=[other_activity.pk]), follow=True
    )

    other_activity.refresh_from_db()
    assert other_activity.task is None
    assert not FollowUpTask.objects.exists()
    assert "commitment" in response.content.decode().lower() or "komitmen" in (
        response.content.decode().lower()
    )


def test_it_keeps_an_activity_with_a_task_and_an_indicator_with_a_realisation(
    biro, officer, activity
):
    task = activity_make_task(activity=activity, actor=biro)
    update = post_progress(task, actor=officer)
    item = activity.indicators.get()
    Realisation.objects.create(
        indicator=item, progress_update=update, date=TODAY, value=5, recorded_by=officer
    )

    with pytest.raises(MonitoringError):
        activity_delete(activity=activity, actor=biro)
    with pytest.raises(MonitoringError):
        indicator_delete(indicator=item, actor=biro)
    assert PlannedActivity.objects.filter(pk=activity.pk).exists()
    assert Indicator.objects.filter(pk=item.pk).exists()


def test_it_removes_an_activity_without_a_task(biro, other_activity):
    response = client_as(biro).post(reverse("agreements:activity_remove", args=[other_activity.pk]))

    assert response.status_code == 302
    assert not PlannedActivity.objects.filter(pk=other_activity.pk).exists()
    assert not Indicator.objects.filter(name=TOURISTS).exists()


# --- realisation ----------------------------------------------------------------------------


def test_it_saves_nothing_when_a_figure_is_not_a_number(biro, officer, activity):
    task = activity_make_task(activity=activity, actor=biro)
    item = activity.indicators.get()

    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[task.pk]),
        progress_form(task, **{str(item.pk): "3,5"}),
    )

    assert response.status_code == 200
    assert response.context["progress_form"].errors[f"realised_{item.pk}"]
    assert not ProgressUpdate.objects.filter(task=task).exists()
    assert not Realisation.objects.exists()


def test_it_keeps_every_figure_reported(biro, officer, activity):
    task = activity_make_task(activity=activity, actor=biro)
    item = activity.indicators.get()
    officer_client = client_as(officer)
    url = reverse("agreements:task_progress", args=[task.pk])

    officer_client.post(url, progress_form(task, **{str(item.pk): "12"}))
    officer_client.post(url, progress_form(task, **{str(item.pk): "20"}))

    assert list(Realisation.objects.order_by("pk").values_list("value", flat=True)) == [12, 20]
    page = officer_client.get(task.get_absolute_url()).content.decode()
    assert "32 " in page  # realised: 12 + 20 of 40
    assert "80%" in page


def test_it_records_no_figure_twice_for_a_repeated_post(biro, officer, activity):
    task = activity_make_task(activity=activity, actor=biro)
    item = activity.indicators.get()
    data = progress_form(task, **{str(item.pk): "12"})
    data["idempotency_key"] = "0b6f7f0e-3c1e-4f36-9d7c-0d7e1f3f2a11"
    url = reverse("agreements:task_progress", args=[task.pk])

    client_as(officer).post(url, data)
    client_as(officer).post(url, data)

    assert Realisation.objects.count() == 1


# --- scope ----------------------------------------------------------------------------------


def test_it_shows_an_officer_only_their_units_activities_and_figures(
    officer, stranger, plan, activity, other_activity
):
    officer_client = client_as(officer)
    agreement_page = officer_client.get(plan.agreement.get_absolute_url()).content.decode()
    plan_page = officer_client.get(plan.get_absolute_url()).content.decode()
    for page in (agreement_page, plan_page):
        assert TRAINING in page
        assert "penanda-Dispar" not in page
        assert "5.000" not in page

    stranger_page = client_as(stranger).get(plan.get_absolute_url()).content.decode()
    assert TOURISTS in stranger_page
    assert TRAINING not in stranger_page


def test_it_hides_the_plan_from_an_officer_without_an_activity_in_it(stranger, plan, activity):
    assert client_as(stranger).get(plan.get_absolute_url()).status_code == 404


# --- query counts ---------------------------------------------------------------------------


def _grow(plan, *, biro, unit, agriculture, to):
    for n in range(PlannedActivity.objects.filter(work_plan=plan).count(), to):
        activity = add_activity(
            plan,
            actor=biro,
            work_unit=unit,
            sector=agriculture,
            title=f"Kegiatan {n}",
            quarter=n % 4 + 1,
            indicators=[indicator(f"Indikator {n}a", 10), indicator(f"Indikator {n}b", 20)],
        )
        if n % 2:
            activity_make_task(activity=activity, actor=biro)


@pytest.mark.parametrize("page", ["plan", "agreement"])
def test_it_reads_the_page_in_as_many_queries_for_6_activities_as_for_2(
    page, biro, unit, agriculture, plan, agri_commitment, django_assert_num_queries
):
    client = client_as(biro)
    url = plan.get_absolute_url() if page == "plan" else plan.agreement.get_absolute_url()
    _grow(plan, biro=biro, unit=unit, agriculture=agriculture, to=2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, biro=biro, unit=unit, agriculture=agriculture, to=6)

    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- figures in Indonesian ------------------------------------------------------------------


def test_it_writes_figures_as_an_indonesian_office_does():
    with translation.override("id"):
        assert format_figure(250_000_000_000, "rupiah") == "Rp 250.000.000.000"
        assert format_figure(5000, "people").startswith("5.000 ")
        assert format_figure(10, "students").startswith("10 ")


def _catalog_translates(msgid: str) -> bool:
    with translation.override("id"):
        return translation.gettext(msgid) != msgid


@pytest.mark.skipif(
    not _catalog_translates("people"),
    reason="var/po/monitoring.po is merged and compiled by the lead (no compilemessages here)",
)
def test_it_names_the_unit_in_indonesian():
    with translation.override("id"):
        assert format_figure(5000, "people") == "5.000 orang"
        assert format_figure(10, "students") == "10 mahasiswa"


# --- a PKS's own plan -----------------------------------------------------------------------


def test_it_records_a_pks_plan_apart_from_the_mous(biro, officer, mou, unit, plan):
    from agreements.models import PksStage

    from ..pks.conftest import make_pks, walk

    pks = make_pks(mou=mou, actor=biro, unit=unit)
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    url = reverse("agreements:pks_work_plan_create", args=[pks.pk])

    response = client_as(biro).post(
        url, {"year": 2026, "meeting_date": "2026-03-05", "meeting_place": "Hangzhou"}
    )
    again = client_as(biro).post(
        url, {"year": 2026, "meeting_date": "2026-03-06", "meeting_place": "Hangzhou"}
    )

    pks_plan = WorkPlan.objects.get(pks=pks)
    assert response.status_code == 302 and response["Location"] == pks_plan.get_absolute_url()
    assert again.status_code == 200 and again.context["form"].errors["year"]
    assert (pks_plan.agreement, pks_plan.year) == (mou, 2026)
    assert WorkPlan.objects.filter(agreement=mou).count() == 2  # the MoU's own and the PKS'
    page = client_as(officer).get(pks.get_absolute_url()).content.decode()
    assert 'data-testid="work-plan-2026"' in page


def test_it_refuses_to_move_a_plan_onto_a_year_already_planned(biro, mou, plan):
    other = work_plan_create(agreement=mou, actor=biro, year=2025, meeting_date=date(2025, 2, 1))

    response = client_as(biro).post(
        reverse("agreements:work_plan_edit", args=[other.pk]),
        {"year": 2026, "meeting_date": "2025-02-01", "meeting_place": "", "notes": ""},
    )

    other.refresh_from_db()
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert other.year == 2025


def test_it_keeps_an_indicator_with_realisation_when_the_form_removes_it(biro, officer, activity):
    task = activity_make_task(activity=activity, actor=biro)
    item = activity.indicators.get()
    post_progress(task, actor=officer)
    Realisation.objects.create(
        indicator=item,
        progress_update=task.updates.first()
        if hasattr(task, "updates")
        else ProgressUpdate.objects.get(task=task),
        date=TODAY,
        value=5,
        recorded_by=officer,
    )
    data = {
        "title": activity.title,
        "description": "",
        "sector": activity.sector_id,
        "work_unit": activity.work_unit_id,
        "quarter": 3,
        "commitment": activity.commitment_id or "",
        "indicators-TOTAL_FORMS": 2,
        "indicators-INITIAL_FORMS": 1,
        "indicators-MIN_NUM_FORMS": 1,
        "indicators-MAX_NUM_FORMS": 5,
        "indicators-0-id": item.pk,
        "indicators-0-activity": activity.pk,
        "indicators-0-name": item.name,
        "indicators-0-benefit_kind": item.benefit_kind,
        "indicators-0-unit": item.unit,
        "indicators-0-target": "40",
        "indicators-0-DELETE": "on",
        "indicators-1-name": "Indikator pengganti",
        "indicators-1-benefit_kind": "knowledge",
        "indicators-1-unit": "people",
        "indicators-1-target": "10",
    }

    response = client_as(biro).post(reverse("agreements:activity_edit", args=[activity.pk]), data)

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["DELETE"]
    assert list(activity.indicators.values_list("name", flat=True)) == [TRAINING]
