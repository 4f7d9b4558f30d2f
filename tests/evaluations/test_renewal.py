"""The renewal gate: renewing an MoU needs an evaluation completed within
EVALUATION_VALID_MONTHS (12) months before the renewal's date; the history row points at
it. History of the past (before the portal recorded the agreement, or an import) is
exempt, and marked so."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.lifecycle import LifecycleError
from agreements.models import Agreement, StageAction, StageEvent
from agreements.services.lifecycle import agreement_move_stage, agreement_record_steps

from ..clock import TODAY, days
from ..followup.conftest import client_as
from .conftest import completed

pytestmark = pytest.mark.usefixtures("english")

NEW_END = date(2034, 9, 1)
REFUSAL = "Renewal needs an evaluation completed in the last 12 months: evaluate the MoU first."


def renew(agreement, actor, *, on=TODAY, **extra):
    return agreement_move_stage(
        agreement=agreement,
        actor=actor,
        action=StageAction.RENEWED,
        date=on,
        valid_until=NEW_END,
        today=TODAY,
        **extra,
    )


def state(agreement):
    return (
        Agreement.objects.filter(pk=agreement.pk).values().get(),
        list(StageEvent.objects.filter(agreement=agreement).values()),
    )


def test_it_refuses_a_renewal_without_an_evaluation(mou, biro):
    before = state(mou)

    with pytest.raises(LifecycleError) as refused:
        renew(mou, biro)

    assert str(refused.value) == REFUSAL
    assert state(mou) == before


def test_it_renews_on_an_evaluation_and_the_history_points_at_it(mou, biro):
    evaluation = completed(mou, biro, year=2026)

    event = renew(mou, biro)

    mou.refresh_from_db()
    assert mou.valid_until == NEW_END
    assert (event.evaluation, event.past_record) == (evaluation, False)


def test_a_signed_off_evaluation_counts_too(mou, biro, leader):
    from agreements.services.evaluations import evaluation_sign_off

    evaluation = completed(mou, biro, year=2026)
    evaluation_sign_off(evaluation=evaluation, actor=leader)

    assert renew(mou, biro).evaluation == evaluation


def test_a_draft_does_not_count(mou, biro):
    from agreements.services.evaluations import evaluation_create

    evaluation_create(agreement=mou, actor=biro, year=2026, recommendation="renew")
    before = state(mou)

    with pytest.raises(LifecycleError, match="Renewal needs an evaluation"):
        renew(mou, biro)

    assert state(mou) == before


def test_it_takes_the_latest_valid_evaluation(mou, biro):
    completed(mou, biro, year=2025, on=date(2026, 1, 20))
    latest = completed(mou, biro, year=2026, on=days(-2))

    assert renew(mou, biro).evaluation == latest


def test_an_evaluation_completed_exactly_12_months_before_still_counts(mou, biro):
    evaluation = completed(mou, biro, year=2025, on=date(2025, 11, 27))

    assert renew(mou, biro, on=date(2026, 11, 27)).evaluation == evaluation


def test_an_evaluation_older_than_12_months_is_refused(mou, biro):
    completed(mou, biro, year=2025, on=date(2025, 11, 26))
    before = state(mou)

    with pytest.raises(LifecycleError) as refused:
        renew(mou, biro, on=date(2026, 11, 27))

    assert str(refused.value) == REFUSAL
    assert state(mou) == before


def test_an_evaluation_completed_after_the_renewal_date_does_not_count(mou, biro):
    completed(mou, biro, year=2026, on=days(1))
    before = state(mou)

    with pytest.raises(LifecycleError, match="Renewal needs an evaluation"):
        renew(mou, biro)

    assert state(mou) == before


def test_the_months_come_from_the_setting(mou, biro, settings):
    settings.EVALUATION_VALID_MONTHS = 6
    completed(mou, biro, year=2026, on=date(2026, 5, 26))

    with pytest.raises(LifecycleError, match="in the last 6 months"):
        renew(mou, biro)


def test_a_renewal_dated_before_the_portal_recorded_the_agreement_is_exempt(mou, biro):
    event = renew(mou, biro, on=date(2026, 11, 2))  # the MoU was recorded today

    assert (event.evaluation, event.past_record) == (None, True)


def test_an_import_passes_a_renewal_as_history_of_the_past(mou, biro):
    (event,) = agreement_record_steps(
        agreement=mou,
        actor=biro,
        today=TODAY,
        entries=[
            {
                "action": StageAction.RENEWED,
                "date": TODAY,
                "valid_until": NEW_END,
                "past_record": True,
            }
        ],
    )

    assert (event.evaluation, event.past_record) == (None, True)


def test_the_renewal_form_names_the_evaluation_it_rests_on(mou, biro):
    evaluation = completed(mou, biro, year=2026)

    page = client_as(biro, language="en").get(
        reverse("agreements:stage_step", args=[mou.pk, "renewed"])
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "This renewal will rest on the 2026 evaluation" in text
    assert evaluation.get_absolute_url() in text


def test_the_renewal_form_says_it_will_be_refused_and_links_to_an_evaluation(mou, biro):
    page = client_as(biro, language="en").get(
        reverse("agreements:stage_step", args=[mou.pk, "renewed"])
    )

    text = page.content.decode()
    assert REFUSAL in text
    assert reverse("agreements:evaluation_create", args=[mou.pk]) in text


def test_the_renewal_form_refuses_and_saves_nothing(mou, biro):
    before = state(mou)

    page = client_as(biro, language="en").post(
        reverse("agreements:stage_step", args=[mou.pk, "renewed"]),
        {"date": TODAY.isoformat(), "valid_until": NEW_END.isoformat()},
    )

    assert page.status_code == 200
    assert REFUSAL in page.content.decode()
    assert state(mou) == before


def test_the_timeline_shows_what_each_renewal_rests_on(mou, biro, officer):
    evaluation = completed(mou, biro, year=2026)
    renew(mou, biro, on=date(2026, 11, 2))
    agreement_move_stage(
        agreement=mou,
        actor=biro,
        action=StageAction.RENEWED,
        date=TODAY,
        valid_until=date(2035, 9, 1),
        today=TODAY,
    )

    page = client_as(biro, language="en").get(mou.get_absolute_url()).content.decode()
    officer_page = client_as(officer, language="en").get(mou.get_absolute_url()).content.decode()

    assert "based on the 2026 evaluation" in page
    assert "history of the past: without evaluation" in page
    assert evaluation.get_absolute_url() in page
    # An officer reads what it rests on, without a link to a page they may not open.
    assert "based on the 2026 evaluation" in officer_page
    assert evaluation.get_absolute_url() not in officer_page
