"""A due date already past asks for a confirmation; ticked, the backfill is saved."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agreements.models import CoordinationRequest, FollowUpTask

from ..clock import TODAY
from .conftest import client_as

CONFIRM = "confirm_already_due"


def task_post(unit, due, **extra):
    return {
        "title": "Laporan yang terlambat dicatat",
        "description": "",
        "responsible_unit": unit.pk,
        "due_date": due.isoformat(),
        "priority": "normal",
        **extra,
    }


@pytest.fixture
def path(commitment):
    return reverse("agreements:task_create", args=[commitment.pk])


def test_a_past_due_date_comes_back_with_the_checkbox_and_saves_nothing(biro, unit, path):
    before = FollowUpTask.objects.count()

    response = client_as(biro, language="en").post(path, task_post(unit, TODAY - timedelta(days=3)))

    assert response.status_code == 200
    form = response.context["form"]
    assert "already past" in " ".join(form.errors["due_date"])
    assert CONFIRM in form.fields
    assert FollowUpTask.objects.count() == before


def test_a_confirmed_past_due_date_is_saved(biro, unit, path):
    response = client_as(biro).post(
        path, task_post(unit, TODAY - timedelta(days=3), **{CONFIRM: "on"})
    )

    assert response.status_code == 302
    assert FollowUpTask.objects.filter(due_date=TODAY - timedelta(days=3)).exists()


def test_a_future_due_date_needs_no_confirmation(biro, unit, path):
    response = client_as(biro).post(path, task_post(unit, TODAY + timedelta(days=30)))

    assert response.status_code == 302


def letter_post(agreement, unit, answer_due, **extra):
    return {
        "agreement": agreement.pk,
        "work_units": [unit.pk],
        "letter_number": "070/300/BAK/2026",
        "subject": "Catatan surat lama",
        "message": "Dicatat belakangan.",
        "sent_on": (TODAY - timedelta(days=30)).isoformat(),
        "answer_due": answer_due.isoformat(),
        **extra,
    }


def test_a_letter_answer_date_in_the_past_asks_for_the_confirmation(
    media_root, biro, agreement, unit
):
    client = client_as(biro, language="en")
    path = reverse("agreements:letter_create")
    past = TODAY - timedelta(days=10)

    refused = client.post(path, letter_post(agreement, unit, past))
    assert refused.status_code == 200
    assert CONFIRM in refused.context["form"].fields
    assert not CoordinationRequest.objects.exists()

    saved = client.post(path, letter_post(agreement, unit, past, **{CONFIRM: "on"}))
    assert saved.status_code == 302
    assert CoordinationRequest.objects.get().answer_due == past


def test_a_due_date_before_the_mou_was_signed_asks_for_the_confirmation(
    biro, unit, commitment, path
):
    agreement = commitment.agreement
    type(agreement).objects.filter(pk=agreement.pk).update(
        mou_signed_date=TODAY - timedelta(days=10)
    )
    client = client_as(biro, language="en")
    before = FollowUpTask.objects.count()

    refused = client.post(path, task_post(unit, TODAY - timedelta(days=20)))

    assert refused.status_code == 200
    message = " ".join(refused.context["form"].errors["due_date"])
    assert "before the MoU was signed" in message
    assert FollowUpTask.objects.count() == before
    saved = client.post(path, task_post(unit, TODAY - timedelta(days=20), **{CONFIRM: "on"}))
    assert saved.status_code == 302
    assert FollowUpTask.objects.filter(due_date=TODAY - timedelta(days=20)).exists()


def test_a_reply_dated_before_the_letter_asks_for_the_confirmation(
    media_root, officer, request_for_unit
):
    letter = request_for_unit
    path = reverse("agreements:letter_answer", args=[letter.pk])
    post = {
        "answer_text": "Sudah ditindaklanjuti.",
        "reply_number": "500/12/DISTAN/2026",
        "reply_date": (letter.sent_on - timedelta(days=2)).isoformat(),
        "version": letter.version,
    }
    client = client_as(officer, language="en")

    refused = client.post(path, post)

    assert refused.status_code == 200
    assert "before the letter was sent" in " ".join(refused.context["form"].errors["reply_date"])
    letter.refresh_from_db()
    assert letter.answered_at is None
    saved = client.post(path, {**post, CONFIRM: "on"})
    assert saved.status_code == 302
    letter.refresh_from_db()
    assert letter.reply_date == letter.sent_on - timedelta(days=2)
