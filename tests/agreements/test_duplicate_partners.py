"""Two people submitting the same partner (same name and country) at the same moment: the
database keeps one, and the second reads why, as if they had been a moment later."""

import os
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import Partner, Role
from agreements.services import reference
from agreements.views import reference as reference_views

from ..factories import PartnerFactory, UserFactory

OKINAWA = {"name": "Okinawa", "native_name": "沖縄県", "country": "Jepang", "level": "prefecture"}
# Django's own message for the (name, country) constraint, in Indonesian.
DUPLICATE = "Mitra dengan Nama dan Negara ini sudah ada."


def errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_it_refuses_a_partner_that_exists_with_a_form_error(client, biro):
    PartnerFactory(**OKINAWA)
    client.force_login(biro)

    response = client.post(reverse("agreements:partner_create"), OKINAWA)

    assert response.status_code == 200
    assert errors(response) == [DUPLICATE]
    assert Partner.objects.count() == 1


def test_it_turns_a_partner_saved_meanwhile_into_a_form_error(client, biro):
    """The colleague's partner is saved after this form was checked, before its insert."""
    colleague = UserFactory(username="biro-2", role=Role.BIRO)

    def colleague_first(**fields):
        reference.partner_create(actor=colleague, **OKINAWA)
        return reference.partner_create(**fields)

    client.force_login(biro)
    with mock.patch.object(reference_views, "partner_create", colleague_first):
        response = client.post(reverse("agreements:partner_create"), OKINAWA)

    assert response.status_code == 200
    assert errors(response) == [DUPLICATE]
    partner = Partner.objects.get()
    assert partner.history.get().history_user == colleague


def test_it_turns_a_rename_into_a_partner_saved_meanwhile_into_a_form_error(client, biro):
    ryukyu = PartnerFactory(name="Ryukyu", country="Jepang", level="prefecture")
    colleague = UserFactory(username="biro-2", role=Role.BIRO)

    def colleague_first(**fields):
        reference.partner_create(actor=colleague, **OKINAWA)
        return reference.partner_update(**fields)

    client.force_login(biro)
    with mock.patch.object(reference_views, "partner_update", colleague_first):
        response = client.post(reverse("agreements:partner_edit", args=[ryukyu.pk]), OKINAWA)

    assert response.status_code == 200
    assert errors(response) == [DUPLICATE]
    ryukyu.refresh_from_db()
    assert ryukyu.name == "Ryukyu"
    assert Partner.objects.filter(name="Okinawa").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
def test_it_keeps_one_of_two_identical_partners_submitted_at_the_same_moment():
    people = [UserFactory(username=f"biro-{n}", role=Role.BIRO) for n in "ab"]
    barrier = threading.Barrier(2)
    responses = []

    def submit(user):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(reverse("agreements:partner_create"), OKINAWA))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [200, 302]
    assert errors(next(r for r in responses if r.status_code == 200)) == [DUPLICATE]
    assert Partner.objects.filter(name="Okinawa", country="Jepang").count() == 1
