"""NUL bytes and other control characters never reach the portal: stripped from every query
string, form field and file name (a NUL in the partner search was a 500 on PostgreSQL)."""

import os

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from agreements.models import Document, Partner
from cooperation.input_guard import cleaned_query_dict, strip_control_characters

from ..factories import AgreementFactory, PartnerFactory, pdf_upload

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="SQLite stores NUL bytes; only PostgreSQL refuses them (the crash to guard against)",
)


# --- the cleaning -----------------------------------------------------------------------------


def test_it_strips_c0_control_characters_and_del_but_keeps_tab_and_line_breaks():
    assert strip_control_characters("Zhe\x00ji\x01ang\x1b\x7f") == "Zhejiang"
    assert strip_control_characters("baris 1\r\nbaris 2\tkolom") == "baris 1\r\nbaris 2\tkolom"
    assert strip_control_characters("浙江省 – ½ €") == "浙江省 – ½ €"


def test_it_cleans_every_value_and_key_of_a_query_dict():
    data = QueryDict("q=Zhe%00jiang&sector=a%0Bb&sector=c&ke%00y=v")

    cleaned = cleaned_query_dict(data)

    assert cleaned.getlist("sector") == ["ab", "c"]
    assert cleaned["q"] == "Zhejiang"
    assert cleaned["key"] == "v"
    assert not cleaned._mutable


def test_it_returns_a_clean_query_dict_as_it_is():
    data = QueryDict("q=Zhejiang&note=a%0D%0Ab")

    assert cleaned_query_dict(data) is data


# --- through the middleware -------------------------------------------------------------------


def test_it_searches_partners_with_the_nul_byte_removed(client, biro):
    PartnerFactory(name="Zhejiang", country="Tiongkok")
    client.force_login(biro)

    response = client.get(reverse("agreements:partner_list"), {"q": "Zhe\x00jiang"})

    assert response.status_code == 200
    assert response.context["query"] == "Zhejiang"
    assert [p.name for p in response.context["partners"]] == ["Zhejiang"]


def test_it_saves_a_posted_field_without_its_control_characters(client, biro):
    client.force_login(biro)

    response = client.post(
        reverse("agreements:partner_create"),
        {
            "name": "Oki\x00nawa\x08",
            "native_name": "沖縄県",
            "country": "Je\x1fpang",
            "level": "prefecture",
        },
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.name, partner.country) == ("Okinawa", "Jepang")


def test_it_keeps_the_line_breaks_of_a_textarea(client, biro):
    client.force_login(biro)

    client.post(
        reverse("agreements:partner_create"),
        {"name": "Okinawa", "country": "Jepang", "level": "prefecture", "notes": "a\r\nb\x00c"},
    )

    assert Partner.objects.get().notes == "a\r\nbc"


def test_it_strips_control_characters_from_an_uploaded_files_name(
    client, biro, unit, media_root, fast_passwords
):
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit)
    client.force_login(biro)

    response = client.post(
        reverse("agreements:document_create", args=[agreement.pk]),
        {"kind": "report", "title": "Laporan\x00", "file": pdf_upload("lap\x00oran\x07.pdf")},
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.original_name) == ("Laporan", "laporan.pdf")


def test_it_answers_404_to_a_path_with_a_control_character(client, db):
    response = client.get("/calendar/abc%00def.ics")

    assert response.status_code == 404


# --- on PostgreSQL, where a NUL byte was a 500 ------------------------------------------------


@on_postgresql
@pytest.mark.parametrize(
    "url_name, params",
    [
        ("agreements:partner_list", {"q": "\x00"}),
        ("agreements:list", {"q": "Zhe\x00jiang", "sort": "\x00"}),
        ("agreements:task_list", {"q": "\x00", "status": "\x00planned"}),
        ("agreements:letter_list", {"q": "070\x00"}),
        ("agreements:budget_list", {"fiscal_year": "2026\x00"}),
    ],
)
def test_it_answers_a_search_with_a_nul_byte_on_postgresql(client, biro, url_name, params):
    PartnerFactory(name="Zhejiang", country="Tiongkok")
    client.force_login(biro)

    response = client.get(reverse(url_name), params)

    assert response.status_code == 200


@on_postgresql
def test_it_saves_a_partner_typed_with_a_nul_byte_on_postgresql(client, biro):
    client.force_login(biro)

    response = client.post(
        reverse("agreements:partner_create"),
        {"name": "Zhe\x00jiang", "country": "Tiongkok", "level": "province", "notes": "\x00"},
    )

    assert response.status_code == 302
    assert Partner.objects.get().name == "Zhejiang"


@on_postgresql
def test_it_answers_404_to_a_calendar_token_with_a_nul_byte_on_postgresql(client, db):
    response = client.get(reverse("agreements:calendar_feed", args=["abc\x00def"]))

    assert response.status_code == 404


@on_postgresql
def test_it_starts_a_fresh_session_for_a_session_cookie_with_a_nul_byte(client, biro, settings):
    client.force_login(biro)
    name = settings.SESSION_COOKIE_NAME
    client.cookies[name] = client.cookies[name].value + "\x00"

    response = client.get(reverse("agreements:partner_list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
