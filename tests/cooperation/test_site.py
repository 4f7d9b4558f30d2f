"""The site around the domain: health probe, start page, language, formats, settings."""

import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import OperationalError
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from cooperation import views
from cooperation.templatetags.portal import rupiah

BASE_DIR = Path(__file__).resolve().parent.parent.parent


# --- /healthz ------------------------------------------------------------------------------


def test_it_reports_healthy_after_a_database_round_trip(client, db, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert "no-store" in response["Cache-Control"]


def test_it_reports_unavailable_when_the_database_is_unreachable(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "connection", Unreachable())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


# --- start page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("biro", "/agreements/"),
        ("officer", "/tasks/"),
        ("stranger", "/tasks/"),
        ("leader", "/dashboard/"),
        ("administrator", "/agreements/"),
    ],
)
def test_it_sends_each_role_to_its_start_page(client, request, role, start):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == start


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


# --- language ------------------------------------------------------------------------------


def test_it_speaks_indonesian_by_default_even_to_an_english_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert response["Content-Language"] == "id"


def test_it_speaks_english_when_the_user_chose_it(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/accounts/login/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert response["Content-Language"] == "en"
    assert "Log in" in page


@pytest.mark.parametrize("cookie", ["fr", "", "en-gb"])
def test_it_falls_back_to_indonesian_for_a_language_it_does_not_offer(client, db, cookie):
    client.cookies["django_language"] = cookie

    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_it_switches_to_english_with_the_language_switch(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "en"
    after = client.get("/accounts/login/")
    assert '<html lang="en">' in after.content.decode()


def test_it_switches_back_to_indonesian(client, db):
    client.cookies["django_language"] = "en"

    response = client.post("/i18n/setlang/", {"language": "id", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "id"
    assert '<html lang="id">' in client.get("/accounts/login/").content.decode()


def test_it_offers_the_language_switch_on_every_page(client, biro):
    client.force_login(biro)

    response = client.get("/agreements/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="language" value="id"' in page
    assert 'name="language" value="en"' in page


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("id", date(2026, 11, 27), "27 November 2026"),
        ("id", date(2026, 1, 5), "5 Januari 2026"),
        ("id", date(2026, 8, 17), "17 Agustus 2026"),
        ("en", date(2026, 11, 27), "27 November 2026"),
        ("en", date(2026, 8, 17), "17 August 2026"),
    ],
)
def test_it_spells_out_the_month_in_dates(language, value, expected):
    with translation.override(language):
        assert date_format(value) == expected


def test_it_writes_indonesian_times_with_a_dot():
    with translation.override("id"):
        formatted = date_format(datetime(2026, 11, 27, 10, 5), "DATETIME_FORMAT")

    assert formatted == "27 November 2026, 10.05"


def test_it_renders_dates_on_pages_in_indonesian(client, biro, agreement):
    client.force_login(biro)

    response = client.get(f"/agreements/{agreement.pk}/")

    assert response.status_code == 200
    assert "10 Januari 2024" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, "Rp 1.250.000"),
        ("1250000", "Rp 1.250.000"),
        (Decimal("1250000"), "Rp 1.250.000"),
        (1000, "Rp 1.000"),
        (999, "Rp 999"),
        (0, "Rp 0"),
        (-5000, "-Rp 5.000"),
        (None, "–"),
        ("", "–"),
    ],
)
def test_it_writes_rupiah_with_dots(value, expected):
    assert rupiah(value) == expected


def test_it_writes_rupiah_in_templates_whatever_the_language():
    template = Template("{% load portal %}{{ amount|rupiah }}")

    with translation.override("en"):
        rendered = template.render(Context({"amount": 1250000}))

    assert rendered == "Rp 1.250.000"


# --- settings from the environment -----------------------------------------------------------

LOAD_SETTINGS = (
    "import django, os; "
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cooperation.settings'); "
    "django.setup(); "
    "from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.UPLOAD_MAX_BYTES)"
)
# Variables the settings read; each run starts without them, then sets what it tests.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "UPLOAD_MAX_MB",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
}


def start_with(**variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = start_with(DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_starts_in_production_with_a_secret_key():
    result = start_with(DEBUG="0", SECRET_KEY="a-long-random-production-secret-key-0123456789")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "False"


def test_it_starts_in_development_without_a_secret_key():
    result = start_with(DEBUG="1", SECRET_KEY="")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "True"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("DEBUG", "2", "DEBUG must be a boolean"),
        ("EMAIL_USE_TLS", "sometimes", "EMAIL_USE_TLS must be a boolean"),
        ("UPLOAD_MAX_MB", "lots", "UPLOAD_MAX_MB must be a whole number"),
        ("EMAIL_PORT", "25a", "EMAIL_PORT must be a whole number"),
    ],
)
def test_it_fails_loudly_on_a_value_it_cannot_read(variable, value, message):
    result = start_with(**{variable: value})

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("value", ["", "   "])
def test_it_treats_an_empty_database_url_as_unset(value):
    result = start_with(DATABASE_URL=value)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_it_reads_the_database_url():
    result = start_with(DATABASE_URL="postgres://kerjasama@db.example:5432/kerjasama")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_it_reads_the_upload_limit_in_megabytes():
    result = start_with(UPLOAD_MAX_MB="5")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2] == str(5 * 1024 * 1024)
