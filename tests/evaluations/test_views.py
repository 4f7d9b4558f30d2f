"""The evaluation's pages: the prefilled form, the draft, completion, the page, the PDF,
Leadership's sign-off, the agreement's and PKS' sections; officers see none of it; query
counts stay flat as data grows."""

import subprocess
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agreements.models import (
    Evaluation,
    EvaluationStatus,
    Indicator,
    PlannedActivity,
    Realisation,
    WorkPlan,
)
from agreements.models.monitoring import Recommendation
from agreements.selectors.evaluations import figure_text
from agreements.selectors.monitoring import format_figure
from agreements.services.evaluations import evaluation_create, evaluation_sign_off

from ..clock import TODAY
from ..followup.conftest import client_as, post_progress
from .conftest import completed

NEW = "agreements:evaluation_create"


def new_url(agreement, year=2026):
    return reverse(NEW, args=[agreement.pk]) + f"?year={year}"


def plan_indicators(mou, biro, unit, count: int, *, year=2026):
    """``count`` indicators in ``mou``'s ``year`` plan, each target 5.000 people."""
    plan, _ = WorkPlan.objects.get_or_create(
        agreement=mou,
        pks=None,
        year=year,
        defaults={"meeting_date": date(year, 1, 15), "created_by": biro},
    )
    activity = PlannedActivity.objects.create(
        work_plan=plan,
        title=f"Promosi wisata {PlannedActivity.objects.count()}",
        sector=mou.sectors.order_by("pk").first(),
        work_unit=unit,
        quarter=2,
    )
    return [
        Indicator.objects.create(
            activity=activity,
            name=f"Wisatawan Tiongkok ke NTB {n}",
            benefit_kind="tourism",
            unit="people",
            target=5000,
        )
        for n in range(count)
    ]


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


# --- the form ----------------------------------------------------------------------------


def test_the_form_is_prefilled_with_indicators_and_figures(mou, biro, unit, causes, officer):
    (indicator,) = plan_indicators(mou, biro, unit, 1)
    update = post_progress(causes.overdue[0], actor=biro)
    Realisation.objects.create(
        indicator=indicator, progress_update=update, date=TODAY, value=1250, recorded_by=biro
    )

    page = client_as(biro, language="id").get(new_url(mou))

    text = page.content.decode()
    form = page.context["form"]
    assert page.status_code == 200
    with translation.override("id"):
        expected = [
            _("%(name)s: %(realised)s of %(target)s (%(share)s)")
            % {
                "name": "Wisatawan Tiongkok ke NTB 0",
                "realised": format_figure(1250, "people"),
                "target": format_figure(5000, "people"),
                "share": "25%",
            },
            figure_text("no_follow_up", 2),
            figure_text("no_response", 2),
            figure_text("no_budget", 1),
        ]
    assert form.initial["achievements"] == expected[0]
    assert "1.250" in expected[0] and "5.000" in expected[0]
    for label in expected[1:]:
        assert label in text
    assert form.initial["obstacle_no_follow_up"] is True
    assert form.initial["obstacle_no_response"] is True
    assert form.initial["obstacle_no_budget"] is True


def test_a_cause_without_a_figure_is_not_ticked(mou, biro):
    page = client_as(biro, language="en").get(new_url(mou, 2025))

    initial = page.context["form"].initial
    assert (initial["obstacle_no_follow_up"], initial["obstacle_no_response"]) == (False, False)
    assert "0 overdue tasks" in page.content.decode()


def test_it_saves_a_draft_and_goes_to_its_page(mou, biro):
    response = client_as(biro).post(
        new_url(mou, 2025),
        {
            "year": "2025",
            "achievements": "Promosi terlaksana.",
            "obstacle_no_budget": "on",
            "partner_engagement": "active",
            "recommendation": "revise",
        },
    )

    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    assert (evaluation.year, evaluation.status, evaluation.recommendation) == (
        2025,
        "draft",
        "revise",
    )
    assert (evaluation.obstacle_no_budget, evaluation.obstacle_no_follow_up) == (True, False)


def test_a_duplicate_year_is_refused_with_a_message_and_nothing_saved(mou, biro):
    evaluation_create(agreement=mou, actor=biro, year=2025)

    response = client_as(biro, language="en").post(new_url(mou, 2025), {"year": "2025"})

    assert response.status_code == 200
    assert "The 2025 evaluation already exists" in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_a_bad_choice_is_tied_to_its_field(mou, biro):
    response = client_as(biro, language="en").post(
        new_url(mou, 2025), {"year": "2025", "recommendation": "forever"}
    )

    assert response.status_code == 200
    assert "recommendation" in response.context["form"].errors
    assert Evaluation.objects.count() == 0


def test_an_mou_never_in_force_gets_a_notice_not_a_form(agreement, biro):
    response = client_as(biro, language="en").post(
        reverse(NEW, args=[agreement.pk]), {"year": "2025", "recommendation": "end"}
    )

    assert response.status_code == 200
    assert "Only an MoU that is or was in force is evaluated." in response.content.decode()
    assert Evaluation.objects.count() == 0


# --- complete, page, sign-off ----------------------------------------------------------------


def test_complete_stores_the_figures_and_the_page_shows_them(mou, biro, causes):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026, recommendation="revise")
    client = client_as(biro, language="en")

    response = client.post(reverse("agreements:evaluation_complete", args=[evaluation.pk]))
    page = client.get(evaluation.get_absolute_url()).content.decode()

    evaluation.refresh_from_db()
    assert response.status_code == 302
    assert evaluation.status == EvaluationStatus.COMPLETED
    assert (evaluation.overdue_tasks, evaluation.late_answers) == (2, 2)
    assert evaluation.unfunded_commitments == 1
    assert "2 overdue tasks" in page
    assert "1 commitment without a budget" in page
    assert "Edit the draft" not in page


def test_complete_without_a_recommendation_says_why_and_changes_nothing(mou, biro):
    evaluation = evaluation_create(agreement=mou, actor=biro, year=2026)
    client = client_as(biro, language="en")

    response = client.post(
        reverse("agreements:evaluation_complete", args=[evaluation.pk]), follow=True
    )

    evaluation.refresh_from_db()
    assert evaluation.status == "draft"
    assert "Choose a recommendation before completing" in response.content.decode()


def test_the_edit_page_of_a_completed_evaluation_saves_nothing(mou, biro):
    evaluation = completed(mou, biro)

    response = client_as(biro, language="en").post(
        reverse("agreements:evaluation_edit", args=[evaluation.pk]),
        {"version": evaluation.version, "recommendation": "end"},
    )

    evaluation.refresh_from_db()
    assert response.status_code == 200
    assert "A completed evaluation is no longer edited." in response.content.decode()
    assert evaluation.recommendation == "revise"


def test_leadership_sees_the_sign_off_button_and_no_one_else(users, mou, biro):
    evaluation = completed(mou, biro)

    for role in ("biro", "leader", "administrator"):
        page = client_as(users[role], language="en").get(evaluation.get_absolute_url())
        assert ("Sign off the evaluation" in page.content.decode()) == (role == "leader"), role


@pytest.mark.parametrize(
    ("role", "status"),
    [("biro", 403), ("officer", 404), ("stranger", 404), ("administrator", 403)],
)
def test_only_leadership_signs_off_through_the_page(users, mou, biro, role, status):
    evaluation = completed(mou, biro)
    before = list(Evaluation.objects.values())

    response = client_as(users[role]).post(
        reverse("agreements:evaluation_sign_off", args=[evaluation.pk])
    )

    assert response.status_code == status
    assert list(Evaluation.objects.values()) == before


def test_leadership_signs_off_once(mou, biro, leader):
    evaluation = completed(mou, biro)
    client = client_as(leader, language="en")
    url = reverse("agreements:evaluation_sign_off", args=[evaluation.pk])

    first = client.post(url)
    evaluation.refresh_from_db()
    signed = list(Evaluation.objects.values())
    second = client.post(url, follow=True)

    assert first.status_code == 302
    assert (evaluation.status, evaluation.signed_off_on) == ("signed_off", TODAY)
    assert "already signed off" in second.content.decode()
    assert list(Evaluation.objects.values()) == signed


@pytest.mark.parametrize("role", ["officer", "stranger"])
def test_officers_get_404_on_every_evaluation_page(users, mou, biro, role):
    evaluation = completed(mou, biro)
    client = client_as(users[role])

    for name in ("evaluation_detail", "evaluation_edit", "evaluation_pdf"):
        assert client.get(reverse(f"agreements:{name}", args=[evaluation.pk])).status_code == 404


# --- the PDF ----------------------------------------------------------------------------------


def test_the_pdf_holds_the_figures_and_an_empty_sign_off_line(mou, biro, unit, causes):
    plan_indicators(mou, biro, unit, 1)
    evaluation = completed(mou, biro, year=2026)

    response = client_as(biro).get(reverse("agreements:evaluation_pdf", args=[evaluation.pk]))

    text = pdftotext(response.content)
    with translation.override("id"):  # reports are official documents: in Indonesian
        expected = [
            _("Annual evaluation %(year)s") % {"year": 2026},
            figure_text("no_follow_up", 2),
            figure_text("no_response", 2),
            figure_text("no_budget", 1),
            str(Recommendation.REVISE.label),
        ]
        signed = _("Signed off on %(date)s") % {"date": ""}
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "PEMERINTAH PROVINSI NUSA TENGGARA BARAT" in text
    assert "Wisatawan Tiongkok ke NTB 0" in text
    for label in expected:
        assert label in text, label
    assert "Mengetahui/Menyetujui" in text
    assert signed.strip() not in text


def test_the_pdf_after_sign_off_holds_the_name_and_date(mou, biro, leader):
    leader.first_name, leader.last_name = "Lalu", "Gita Ariadi"
    leader.save()
    evaluation = completed(mou, biro)
    evaluation_sign_off(evaluation=evaluation, actor=leader)

    response = client_as(leader).get(reverse("agreements:evaluation_pdf", args=[evaluation.pk]))

    text = pdftotext(response.content)
    assert "Mengetahui/Menyetujui" in text
    assert "Lalu Gita Ariadi" in text
    assert "27 November 2026" in text


# --- the sections --------------------------------------------------------------------------


def test_the_agreement_page_lists_evaluations_for_readers_of_everything(users, mou, biro):
    completed(mou, biro, year=2025, on=date(2026, 1, 20))

    biro_page = client_as(biro, language="en").get(mou.get_absolute_url()).content.decode()
    leader_page = client_as(users["leader"], language="en").get(mou.get_absolute_url())
    officer_page = client_as(users["officer"], language="en").get(mou.get_absolute_url())

    assert "Evaluation 2025" in biro_page
    assert "New evaluation" in biro_page
    assert "Evaluation 2025" in leader_page.content.decode()
    assert "New evaluation" not in leader_page.content.decode()
    assert officer_page.status_code == 200
    assert 'data-testid="evaluations"' not in officer_page.content.decode()


def test_the_pks_page_lists_its_own_evaluations(mou, biro, unit):
    from ..pks.conftest import walk

    pks = walk_pks(mou, biro, unit, walk)
    evaluation = completed(mou, biro, year=2025, pks=pks, on=date(2026, 1, 20))

    page = client_as(biro, language="en").get(pks.get_absolute_url()).content.decode()

    assert evaluation.get_absolute_url() in page
    assert reverse("agreements:pks_evaluation_create", args=[pks.pk]) in page


def walk_pks(mou, biro, unit, walk):
    from agreements.models import PksStage
    from agreements.services.pks import pks_create

    pks = pks_create(
        agreement=mou,
        actor=biro,
        title="PKS Uji Wisata",
        work_unit=unit,
        counterpart="Department of Culture and Tourism",
        drafted_on=date(2024, 10, 1),
    )
    return walk(pks, actor=biro, to=PksStage.IN_FORCE)


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_evaluation_page_and_form_do_not_grow_with_indicators(mou, biro, unit, causes):
    evaluation = completed(mou, biro)
    client = client_as(biro)
    plan_indicators(mou, biro, unit, 2)
    few = [
        count_queries(client, evaluation.get_absolute_url()),
        count_queries(client, new_url(mou, 2026)),
    ]
    plan_indicators(mou, biro, unit, 8)

    many = [
        count_queries(client, evaluation.get_absolute_url()),
        count_queries(client, new_url(mou, 2026)),
    ]

    assert many == few


def test_the_agreement_page_does_not_grow_with_evaluations(mou, biro):
    client = client_as(biro)
    for year in (2024, 2025):
        completed(mou, biro, year=year, on=date(2026, 1, 20))
    few = count_queries(client, mou.get_absolute_url())
    for year in range(2015, 2023):
        Evaluation.objects.create(agreement=mou, year=year, created_by=biro)

    assert count_queries(client, mou.get_absolute_url()) == few
