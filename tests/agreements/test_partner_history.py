"""Partner edits have a change history like the other records: who, when, old → new, on
the partner's page, whether the edit was made in the portal or in the admin."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import Partner
from agreements.services.reference import partner_create, partner_update

ZHEJIANG = {
    "name": "Zhejiang",
    "native_name": "浙江省",
    "country": "Tiongkok",
    "level": "province",
    "notes": "",
}


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(partner, user) -> str:
    response = client_as(user).get(reverse("agreements:partner_detail", args=[partner.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_records_who_edited_a_partner_in_the_portal_and_shows_it(biro, officer):
    partner = partner_create(actor=biro, **ZHEJIANG)
    biro.first_name, biro.last_name = "Rina", "Lestari"
    biro.save()

    response = client_as(biro).post(
        reverse("agreements:partner_edit", args=[partner.pk]),
        {**ZHEJIANG, "name": "Provinsi Zhejiang", "notes": "Mitra sejak 2015."},
    )

    assert response.status_code == 302
    latest = partner.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_type, latest.history_user, latest.name) == (
        "~",
        biro,
        "Provinsi Zhejiang",
    )
    assert partner.history.count() == 2
    page = page_of(partner, officer)
    assert "Riwayat perubahan" in page
    assert "Zhejiang → <strong>Provinsi Zhejiang</strong>" in page
    assert "Mitra sejak 2015." in page
    assert "Rina Lestari" in page


def test_it_records_who_created_a_partner(biro, leader):
    response = client_as(biro).post(
        reverse("agreements:partner_create"),
        {**ZHEJIANG, "name": "Okinawa", "country": "Jepang", "level": "prefecture"},
    )

    partner = Partner.objects.get()
    assert response.status_code == 302
    (record,) = partner.history.all()
    assert (record.history_type, record.history_user) == ("+", biro)
    assert "Dibuat" in page_of(partner, leader)


def test_it_records_the_actor_of_a_partner_edit_outside_a_request(biro):
    partner = partner_create(actor=None, **ZHEJIANG)

    partner_update(partner=partner, actor=biro, country="RRT")

    partner.refresh_from_db()
    assert partner.country == "RRT"
    latest = partner.history.order_by("-history_id").first()
    assert (latest.history_user, latest.country, latest.history_type) == (biro, "RRT", "~")


def test_it_records_partner_edits_made_in_the_admin(administrator, leader):
    partner = partner_create(actor=None, **ZHEJIANG)

    response = client_as(administrator).post(
        reverse("admin:agreements_partner_change", args=[partner.pk]),
        {**ZHEJIANG, "level": "region", "_save": "Simpan"},
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.level == "region"
    latest = partner.history.order_by("-history_id").first()
    assert (latest.history_user, latest.level) == (administrator, "region")
    history = client_as(administrator).get(
        reverse("admin:agreements_partner_history", args=[partner.pk])
    )
    assert history.status_code == 200
    assert str(administrator) in history.content.decode()
    assert "Provinsi → <strong>Wilayah</strong>" in page_of(partner, leader)


def test_it_shows_the_first_edit_of_a_partner_older_than_its_history_as_old_to_new(biro, leader):
    partner = partner_create(actor=None, **ZHEJIANG)
    partner.history.all().delete()  # as every partner made before the history began
    migration = importlib.import_module(
        "agreements.migrations.0008_partner_history_replaced_snapshots"
    )

    migration.record_baseline(apps, SimpleNamespace(connection=connection))

    (baseline,) = partner.history.all()
    assert (baseline.name, baseline.history_user) == ("Zhejiang", None)
    assert "Belum ada perubahan yang dicatat." in page_of(partner, leader)
    partner_update(partner=partner, actor=biro, name="Provinsi Zhejiang")
    page = page_of(partner, leader)
    assert "Zhejiang → <strong>Provinsi Zhejiang</strong>" in page
    assert "Dibuat" not in page
