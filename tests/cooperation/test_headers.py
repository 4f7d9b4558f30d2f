"""Browser hardening: the Content-Security-Policy and ``Cache-Control`` of every page of the
URL × role matrix, the notice for plain HTTP with secure cookies, our CSRF failure page,
and ``check --deploy`` under the production profiles of the README.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from agreements.models import Agreement
from cooperation.headers import PrivateCacheMiddleware

from ..access.matrix import ROLES, ROWS, agreement_create_post, row
from ..factories import PASSWORD
from ..reports.conftest import stub_weasyprint

__all__ = ["stub_weasyprint"]  # a fixture of the PDF rows

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The policy of cooperation/settings.py, directive by directive.
POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
NOTICE_ID = "Portal ini dikonfigurasi untuk HTTPS"
REFUSED_FORM_ID = "Formulir tidak dapat dikirim"


def policy(response) -> dict:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def cache_directives(response) -> set:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def is_download(response) -> bool:
    return "Content-Disposition" in response or response["Content-Type"].startswith("text/calendar")


def answer(row, world, role):
    response = row.send(world.client(role), world)
    if response.streaming:
        # Read to the end, as a browser would (and the file is closed).
        response.streamed = b"".join(response.streaming_content)
    return response


# --- every page of the matrix, for every role ---------------------------------------------

# Every GET row of tests/access/matrix.py: a view added there is covered here too. But the
# load balancer's probe: JSON answered before the middleware that adds the policy.
PAGES = [r for r in ROWS if r.method == "get" and r.name != "healthz"]
DOWNLOADS = [
    r
    for r in PAGES
    if r.name
    in {
        "agreements:document_download",
        "agreements:report_pdf",
        "agreements:snapshot_download",
        "agreements:calendar_feed",
    }
    or r.variant in {"csv", "xlsx"}
]


@pytest.mark.usefixtures("stub_weasyprint")
@pytest.mark.parametrize("row", PAGES, ids=[r.id for r in PAGES])
def test_it_sends_the_policy_and_no_caching_of_private_pages_to_every_role(access_world, row):
    """Every answer (the page, a redirect, a 403 or 404) carries the whole policy; every
    answer to a signed-in user forbids storing it."""
    wrong = []
    for role in ROLES:
        response = answer(row, access_world, role)
        where = f"{role} ({response.status_code})"
        if policy(response) != POLICY:
            wrong.append(f"{where}: Content-Security-Policy {response['Content-Security-Policy']}")
        if role != "anonymous" and not {"private", "no-store"} <= cache_directives(response):
            wrong.append(f"{where}: Cache-Control {response.get('Cache-Control')!r}")

    assert not wrong, f"GET {row.path(access_world)}: " + "; ".join(wrong)


def test_it_covers_the_pages_and_downloads_it_means_to():
    assert len(PAGES) > 40
    # One row per download kind: the lists' exports, PDFs, a document, the calendar.
    assert {r.name for r in DOWNLOADS} >= {
        "agreements:task_list",
        "agreements:letter_list",
        "agreements:budget_list",
        "agreements:report_pdf",
        "agreements:snapshot_download",
        "agreements:document_download",
        "agreements:calendar_feed",
    }


@pytest.mark.usefixtures("stub_weasyprint")
@pytest.mark.parametrize("row", DOWNLOADS, ids=[r.id for r in DOWNLOADS])
def test_it_forbids_storing_every_export_pdf_and_calendar(access_world, row):
    served = 0
    for role in ROLES:
        if row.expected(role) != 200:
            continue
        response = answer(row, access_world, role)

        assert response.status_code == 200, role
        assert is_download(response), (role, response["Content-Type"])
        # "private, no-store", or a stricter header of the view's own.
        assert {"private", "no-store"} <= cache_directives(response), role
        served += 1

    assert served >= 1


def test_it_forbids_storing_the_calendar_feed_fetched_without_a_login(access_world):
    token = access_world.officer.calendar_token

    response = Client().get(reverse("agreements:calendar_feed", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in response.content.decode()
    assert {"private", "no-store"} <= cache_directives(response)


# --- the middleware on its own ------------------------------------------------------------


def respond_with(response, user=None):
    request = RequestFactory().get("/somewhere/")
    if user is not None:
        request.user = user
    return PrivateCacheMiddleware(lambda request: response)(request)


def test_it_replaces_a_weaker_header_for_a_signed_in_user(officer):
    response = HttpResponse("private figures")
    response["Cache-Control"] = "public, max-age=600"

    assert respond_with(response, officer)["Cache-Control"] == "private, no-store"


def test_it_keeps_a_stricter_header_a_view_set(officer):
    response = HttpResponse("private figures")
    response["Cache-Control"] = "max-age=0, no-cache, no-store, must-revalidate, private"

    kept = respond_with(response, officer)["Cache-Control"]

    assert kept == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_it_forbids_storing_an_attachment_for_an_anonymous_visitor():
    response = HttpResponse(b"a,b\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="x.csv"'
    response["Cache-Control"] = "max-age=3600"

    assert respond_with(response)["Cache-Control"] == "private, no-store"


def test_it_leaves_an_anonymous_public_page_alone():
    response = HttpResponse("public")
    response["Cache-Control"] = "max-age=600"

    assert respond_with(response, AnonymousUser())["Cache-Control"] == "max-age=600"


# --- the 500 page and the report preview without inline style --------------------------------

# What the policy refuses: style elements and attributes, scripts without src, handlers.
INLINE = re.compile(
    r"<style|\sstyle\s*=|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.I
)


def test_it_finds_no_inline_script_or_style_in_any_template():
    found = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in sorted((BASE_DIR / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]

    assert found == []


def test_it_draws_the_charts_without_style():
    from agreements.reports.charts import Series, bar_chart

    svg = bar_chart(
        chart_id="c",
        title="Tugas",
        description="Tugas per sektor",
        labels=["Pertanian", "Pariwisata"],
        series=[Series("Terlambat", [3, 1]), Series("Selesai", [2, 5])],
    )

    assert "<svg" in svg and 'fill="' in svg
    assert not INLINE.search(svg)


def test_it_renders_the_500_page_with_a_static_stylesheet_and_no_database():
    # No db fixture: any database access would be an error here.
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()

    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in page
    assert '<link rel="stylesheet" href="/static/css/error.css">' in page
    assert finders.find("css/error.css")
    assert "style=" not in page and "<style" not in page and "<script" not in page


@pytest.mark.usefixtures("stub_weasyprint")
def test_it_previews_a_report_with_its_stylesheet_linked_not_inlined(access_world):
    response = row("agreements:report_preview", "portfolio").send(
        access_world.client("leader"), access_world
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/css/report-print.css">' in page
    assert "<style" not in page and "style=" not in page and "<script" not in page
    assert policy(response) == POLICY
    assert "@page" in Path(finders.find("css/report-print.css")).read_text()


# --- plain HTTP with secure cookies: the login page says what is wrong -----------------------


@pytest.fixture
def secure_cookies(settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_it_tells_on_the_login_page_that_the_portal_wants_https(client, db, secure_cookies):
    response = client.get("/accounts/login/?next=/tasks/")
    page = response.content.decode()

    assert response.status_code == 200
    assert NOTICE_ID in page
    assert "Anda membukanya melalui HTTP biasa" in page
    assert 'href="https://testserver/accounts/login/?next=/tasks/"' in page
    assert "HTTPS=0" in page


def test_it_points_to_the_configured_https_address(client, db, secure_cookies, settings):
    settings.PORTAL_BASE_URL = "https://kerjasama.ntbprov.go.id/"

    page = client.get("/accounts/login/").content.decode()

    assert 'href="https://kerjasama.ntbprov.go.id/accounts/login/"' in page


def test_it_drops_the_port_of_plain_http_from_the_https_address(client, db, secure_cookies):
    page = client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000").content.decode()

    assert 'href="https://127.0.0.1/accounts/login/"' in page


def test_it_shows_no_notice_over_https(client, db, secure_cookies):
    response = client.get("/accounts/login/", secure=True)

    assert response.status_code == 200
    assert NOTICE_ID not in response.content.decode()


def test_it_shows_no_notice_on_a_plain_http_intranet(client, db, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False

    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert NOTICE_ID not in response.content.decode()


# --- a refused form: our CSRF failure page --------------------------------------------------


def test_it_explains_a_login_refused_for_a_missing_token(db, officer):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    page = response.content.decode()

    assert response.status_code == 403
    assert REFUSED_FORM_ID in page
    assert "Tidak ada data yang disimpan" in page
    assert "muat ulang halaman" in page
    assert NOTICE_ID not in page
    assert "_auth_user_id" not in client.session
    assert policy(response) == POLICY


def test_it_refuses_a_write_without_a_token_and_changes_nothing(access_world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(access_world.user("biro"))
    before = Agreement.objects.count()

    response = client.post(reverse("agreements:create"), agreement_create_post(access_world))

    assert response.status_code == 403
    assert REFUSED_FORM_ID in response.content.decode()
    assert Agreement.objects.count() == before
    assert response["Cache-Control"] == "private, no-store"


def test_it_names_plain_http_as_the_cause_when_secure_cookies_are_on(db, secure_cookies):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "officer", "password": "x"})
    page = response.content.decode()

    assert response.status_code == 403
    assert REFUSED_FORM_ID in page
    assert NOTICE_ID in page
    assert 'href="https://testserver/accounts/login/"' in page


def test_it_names_the_address_when_the_origin_is_not_trusted(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "x", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://portal.example.org",
    )
    page = response.content.decode()

    assert response.status_code == 403
    assert "CSRF_TRUSTED_ORIGINS" in page
    assert "Alamat di peramban Anda berbeda" in page


def test_it_answers_a_refused_form_in_english_when_chosen(db):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"

    response = client.post("/accounts/login/", {"username": "officer", "password": "x"})

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


# --- check --deploy under the profiles of the README ------------------------------------------

# The variables the profiles set; each run starts without any of them.
PROFILE_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "HTTPS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "TWO_FACTOR_REQUIRED",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests' conftest; check --deploy rightly reports it (async.E001).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
HTTPS_PROFILE = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "kerjasama.ntbprov.go.id",
    "SECURE_SSL_REDIRECT": "1",
}
INTRANET_PROFILE = {"DEBUG": "0", "ALLOWED_HOSTS": "10.20.1.5", "HTTPS": "0"}


def manage(*arguments, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    env.update({"SECRET_KEY": secrets.token_urlsafe(50), **variables})
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def warnings_of(result) -> list[str]:
    return sorted(re.findall(r"\((\w+\.[WE]\d+)\)", result.stderr))


def test_it_passes_check_deploy_under_the_https_profile():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **HTTPS_PROFILE)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert warnings_of(result) == []


def test_it_leaves_four_documented_warnings_on_a_plain_http_intranet():
    result = manage("check", "--deploy", **INTRANET_PROFILE)

    assert result.returncode == 0, result.stderr
    assert warnings_of(result) == [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]


@pytest.mark.parametrize(
    "variable", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
)
def test_it_refuses_to_start_when_a_setting_contradicts_https_off(variable):
    result = manage("check", **{**INTRANET_PROFILE, variable: "1"})

    assert result.returncode != 0
    assert f"{variable} needs HTTPS; it contradicts HTTPS=0" in result.stderr


def test_it_refuses_a_proxy_header_that_is_not_a_header_name():
    result = manage("check", **HTTPS_PROFILE, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https")

    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header name or none" in result.stderr
