"""Two identical letters (same number to the same unit) sent at the same moment: the
database keeps one, and the second sender reads why on the letter-number field."""

import os
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import CoordinationRequest, Document, Role, WorkUnit
from agreements.services import coordination

from ..clock import TODAY, days
from ..factories import AgreementFactory, UserFactory, pdf_upload
from .conftest import RequestFactory, client_as
from .test_views import stored_files

NUMBER = "070/555/BAK/2026"


def letter(agreement, units, **changes):
    data = {
        "agreement": agreement.pk,
        "work_units": [u.pk for u in units],
        "letter_number": NUMBER,
        "subject": "Permintaan data",
        "message": "Mohon data perkembangan.",
        "sent_on": TODAY.isoformat(),
        "answer_due": days(7).isoformat(),
    }
    return {**data, **changes}


def field_errors(response, field) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_it_refuses_a_letter_already_sent_on_the_letter_number_field(biro, agreement, unit):
    RequestFactory(actor=biro, agreement=agreement, work_unit=unit, letter_number=NUMBER)

    response = client_as(biro).post(reverse("agreements:letter_create"), letter(agreement, [unit]))

    assert response.status_code == 200
    assert field_errors(response, "letter_number") == [
        f"Surat {NUMBER} sudah dikirim kepada: Dinas Pertanian dan Perkebunan."
    ]
    assert CoordinationRequest.objects.count() == 1


def test_it_turns_a_letter_sent_meanwhile_into_a_form_error(
    media_root, biro, agreement, unit, other_unit
):
    """The other letter is saved after this form was checked and before its insert."""
    colleague = UserFactory(username="biro-2", role=Role.BIRO)
    checked = coordination.letter_already_sent
    calls = []

    def other_sender_wins(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:  # the service's own check, just before the insert
            RequestFactory(
                actor=colleague, agreement=agreement, work_unit=unit, letter_number=NUMBER
            )
            return None  # what the check saw a moment before the other commit
        return checked(**kwargs)

    with mock.patch.object(coordination, "letter_already_sent", other_sender_wins):
        response = client_as(biro).post(
            reverse("agreements:letter_create"),
            letter(agreement, [other_unit, unit], attachment=pdf_upload("surat.pdf")),
        )

    assert response.status_code == 200
    assert field_errors(response, "letter_number") == [
        f"Surat {NUMBER} sudah dikirim kepada: Dinas Pertanian dan Perkebunan."
    ]
    # Only the colleague's letter: this send, its other unit and its file were rolled back.
    assert list(CoordinationRequest.objects.values_list("work_unit", "created_by")) == [
        (unit.pk, colleague.pk)
    ]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
def test_it_keeps_one_of_two_identical_letters_sent_at_the_same_moment(media_root):
    senders = [UserFactory(username=f"biro-{n}", role=Role.BIRO) for n in "ab"]
    unit = WorkUnit.objects.create(name="Dinas Uji Serentak", abbreviation="DUS")
    agreement = AgreementFactory(actor=senders[0], coordinating_unit=unit)
    barrier = threading.Barrier(2)
    responses = {}

    def send(user):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            responses[user.username] = client.post(
                reverse("agreements:letter_create"), letter(agreement, [unit])
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(user,)) for user in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    refused = next(r for r in responses.values() if r.status_code == 200)
    assert field_errors(refused, "letter_number") == [
        f"Surat {NUMBER} sudah dikirim kepada: Dinas Uji Serentak."
    ]
    assert CoordinationRequest.objects.filter(letter_number=NUMBER).count() == 1
