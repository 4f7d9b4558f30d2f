"""Answers as letters are answered: the reply letter and its attachments, corrections until
the Bureau marks the answer received, and paper answers recorded by the Bureau for a unit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import health
from agreements.models import CoordinationRequest, Document
from agreements.models.documents import DocumentKind
from agreements.selectors.history import history_entries
from agreements.services.coordination import (
    CoordinationError,
    letter_answer_correct,
    letter_answer_receive,
)

from ..clock import NOW, TODAY, days
from ..factories import pdf_upload
from .conftest import answer, client_as

pytestmark = pytest.mark.usefixtures("clock", "media_root")


def post_answer(user, letter, **fields):
    letter.refresh_from_db()
    data = {"version": letter.version, "answer_text": "Jadwal uji coba terlampir.", **fields}
    return client_as(user, language="en").post(
        reverse("agreements:letter_answer", args=[letter.pk]), data
    )


def test_an_answer_carries_the_reply_letter_and_its_attachments(officer, request_for_unit):
    response = post_answer(
        officer,
        request_for_unit,
        reply_number="500/77/Distanbun/2026",
        reply_date=TODAY.isoformat(),
        attachments=[pdf_upload("balasan.pdf"), pdf_upload("jadwal.pdf")],
    )

    assert response.status_code == 302
    request_for_unit.refresh_from_db()
    assert (request_for_unit.reply_number, request_for_unit.reply_date) == (
        "500/77/Distanbun/2026",
        TODAY,
    )
    assert request_for_unit.answered_for_unit is None
    documents = Document.objects.filter(coordination_request=request_for_unit)
    assert {(d.original_name, d.kind, d.uploaded_by) for d in documents} == {
        ("balasan.pdf", DocumentKind.REPLY_LETTER, officer),
        ("jadwal.pdf", DocumentKind.REPLY_LETTER, officer),
    }
    page = client_as(officer, language="en").get(request_for_unit.get_absolute_url())
    assert "500/77/Distanbun/2026" in page.content.decode()
    assert "balasan.pdf" in page.content.decode()


def test_a_reply_letter_dated_in_the_future_is_refused(officer, request_for_unit):
    post_answer(officer, request_for_unit, reply_date=days(1).isoformat())

    request_for_unit.refresh_from_db()
    assert request_for_unit.answered_at is None


def test_the_unit_corrects_its_answer_and_every_version_stays_in_the_history(
    officer, request_for_unit, clock
):
    answer(request_for_unit, actor=officer, text="Jawaban pertama.")
    clock.move_to(NOW + timedelta(days=1))

    response = post_answer(officer, request_for_unit, answer_text="Jawaban kedua.", correct="1")

    assert response.status_code == 302
    request_for_unit.refresh_from_db()
    assert request_for_unit.answer_text == "Jawaban kedua."
    # Lateness is still read from the first answer.
    assert request_for_unit.answered_at == NOW
    texts = list(
        request_for_unit.history.order_by("history_date", "history_id").values_list(
            "answer_text", flat=True
        )
    )
    assert texts == ["", "Jawaban pertama.", "Jawaban kedua."]
    with translation.override("en"):
        newest = history_entries(request_for_unit, user=officer)[0]
        changed = {str(c["field"]): (c["old"], c["new"]) for c in newest["changes"]}
    assert changed["answer"] == ("Jawaban pertama.", "Jawaban kedua.")
    assert "answer corrected at" in changed


def test_a_correction_is_an_explicit_action_not_a_second_answer(officer, request_for_unit):
    answer(request_for_unit, actor=officer, text="Jawaban pertama.")

    response = post_answer(officer, request_for_unit, answer_text="Jawaban kedua.")

    assert response.status_code == 302
    request_for_unit.refresh_from_db()
    assert request_for_unit.answer_text == "Jawaban pertama."


def test_a_stale_correction_is_refused(officer, request_for_unit):
    answer(request_for_unit, actor=officer, text="Jawaban pertama.")
    stale = request_for_unit.version

    with pytest.raises(CoordinationError):
        letter_answer_correct(
            letter=request_for_unit,
            actor=officer,
            answer_text="Jawaban kedua.",
            expected_version=stale - 1,
        )
    request_for_unit.refresh_from_db()
    assert request_for_unit.answer_text == "Jawaban pertama."


def test_once_received_the_answer_can_no_longer_be_corrected(biro, officer, request_for_unit):
    answer(request_for_unit, actor=officer, text="Jawaban pertama.")
    request_for_unit.refresh_from_db()

    response = client_as(biro, language="en").post(
        reverse("agreements:letter_receive", args=[request_for_unit.pk]),
        {"version": request_for_unit.version},
    )

    assert response.status_code == 302
    request_for_unit.refresh_from_db()
    assert (request_for_unit.received_at, request_for_unit.received_by) == (NOW, biro)
    post_answer(officer, request_for_unit, answer_text="Jawaban kedua.", correct="1")
    request_for_unit.refresh_from_db()
    assert request_for_unit.answer_text == "Jawaban pertama."
    page = client_as(officer, language="en").get(request_for_unit.get_absolute_url())
    assert "Correct the answer" not in page.content.decode()


def test_an_unanswered_letter_cannot_be_received(biro, request_for_unit):
    with pytest.raises(CoordinationError):
        letter_answer_receive(
            letter=request_for_unit, actor=biro, expected_version=request_for_unit.version
        )


def test_only_the_bureau_marks_an_answer_received(officer, request_for_unit):
    answer(request_for_unit, actor=officer)
    request_for_unit.refresh_from_db()

    response = client_as(officer).post(
        reverse("agreements:letter_receive", args=[request_for_unit.pk]),
        {"version": request_for_unit.version},
    )

    assert response.status_code == 403
    request_for_unit.refresh_from_db()
    assert request_for_unit.received_at is None


def test_the_bureau_records_a_paper_answer_on_the_units_behalf(biro, request_for_unit, unit):
    page = client_as(biro, language="en").get(request_for_unit.get_absolute_url())
    assert f"Recorded by the Bureau on behalf of {unit}" in page.content.decode()

    post_answer(biro, request_for_unit, reply_number="500/12/2026")

    request_for_unit.refresh_from_db()
    assert (request_for_unit.answered_by, request_for_unit.answered_for_unit) == (biro, unit)
    record = request_for_unit.history.order_by("-history_date", "-history_id").first()
    assert (record.history_user, record.answered_for_unit_id) == (biro, unit.pk)
    with translation.override("en"):
        newest = history_entries(request_for_unit, user=biro)[0]
        changed = {str(c["field"]): (c["old"], c["new"]) for c in newest["changes"]}
    assert changed["recorded on behalf of"] == ("–", str(unit))
    assert changed["answered by"] == ("–", str(biro))


def test_lateness_is_read_from_the_first_answer_not_the_correction(
    officer, request_for_unit, clock
):
    answer(request_for_unit, actor=officer, text="Tepat waktu.")
    request_for_unit.refresh_from_db()
    # Corrected well after the answer date: the answer was still on time.
    clock.move_to(NOW + (request_for_unit.answer_due - TODAY) + timedelta(days=5))
    letter_answer_correct(
        letter=request_for_unit,
        actor=officer,
        answer_text="Dikoreksi.",
        expected_version=request_for_unit.version,
    )
    request_for_unit.refresh_from_db()

    assert request_for_unit.answer_corrected_at.date() > request_for_unit.answer_due
    assert request_for_unit.answered_at == NOW
    assert not health.letter_answered_late(request_for_unit)
    late = CoordinationRequest.objects.annotate(
        answered_on=health.answered_late_annotation()
    ).filter(health.answered_late_q())
    assert not late.exists()


# --- the letter form opened from a task ----------------------------------------------------


def test_a_letter_from_a_task_starts_with_its_agreement_task_and_unit(biro, task, other_task):
    response = client_as(biro).get(reverse("agreements:letter_create"), {"task": task.pk})

    form = response.context["form"]
    assert form.initial["agreement"] == task.commitment.agreement_id
    assert form.initial["task"] == task.pk
    assert form.initial["work_units"] == [task.responsible_unit_id]
    # Only the agreement's tasks are offered; the others are hidden and cannot be chosen.
    html = str(form["task"])
    other = other_task.commitment.agreement_id
    assert f'value="{other_task.pk}" data-agreement="{other}" hidden disabled' in html


def test_a_letter_ignores_a_task_outside_the_users_scope(biro, task):
    response = client_as(biro).get(reverse("agreements:letter_create"), {"task": 999999})

    assert "task" not in response.context["form"].initial
