"""Property-based fuzz: generated input to every form of the URL × role matrix, as Bureau
staff and as an officer, and generated query strings to every list page.

Whatever is sent — unicode, control characters, huge numbers, odd dates, empty values,
wrong choices, missing or extra fields, odd files — the portal never answers 500, and an
answer that refuses the input (200 with the form again, 400, 403, 404, 405) changes
nothing in the database: the number of rows of every domain table and of its audit
trail (every write of the portal adds a row to one or the other), every field of the
users, and the archived snapshots (``fingerprint``).

Hypothesis's Django ``TestCase`` wraps every example in its own transaction: each starts
from the matrix's world as built once per class (``setUpTestData``). The number of
examples comes from the profile (tests/conftest.py): ``ci`` when CI is set (derandomized,
about 25 per form), ``dev`` otherwise. A failing example is printed with the request.
"""

import shutil
import tempfile
from datetime import date
from itertools import pairwise
from unittest import mock

import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from agreements.models import Agreement, ReportSnapshot, Role, User
from agreements.reports.render import RenderedReport
from agreements.seeding.pdf import make_pdf
from agreements.services import reports as report_services
from agreements.services.followup import task_update
from agreements.views import reports as report_views

from ..clock import NOW
from ..factories import AgreementFactory, UserFactory, WorkUnitFactory
from .matrix import DOMAIN_MODELS, ROWS, Row, build_world

ROLES = ("biro", "officer")
# An answer that refuses the input: it must leave the database as it was.
REFUSALS = {200, 400, 403, 404, 405}

# --- what is sent -------------------------------------------------------------------------

SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "null",
    "None",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "<script>alert(1)</script>",
    "'; DROP TABLE agreements_partner; --",
    "../../etc/passwd",
    '=HYPERLINK("http://example.com","x")',
    "浙江省",
    "x" * 5000,
]
odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=6),
    st.text(alphabet=st.characters(min_codepoint=0x80, exclude_categories=("Cs",)), max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(date.isoformat),
    st.sampled_from(SPECIAL_TEXT),
)


@st.composite
def tainted(draw, text: str) -> str:
    """``text`` with a control character (NUL, escape, …) slipped in somewhere."""
    where = draw(st.integers(min_value=0, max_value=len(text)))
    # NUL first: the one PostgreSQL refuses outright.
    control = draw(st.one_of(st.just("\x00"), st.characters(max_codepoint=0x1F)))
    return text[:where] + control + text[where:]


odd_value = st.one_of(odd_text, st.lists(odd_text, min_size=0, max_size=3))
odd_file = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(
        ["laporan.pdf", "a" * 300 + ".pdf", "lap\x00oran.pdf", "../../x.pdf", "浙江.pdf", "x.exe"]
    ),
    st.one_of(
        st.just(b""),
        st.just(b"<html><script>alert(1)</script></html>"),
        st.just(make_pdf("Bukti")),
        st.binary(max_size=200),
    ),
)
extra_keys = st.one_of(
    st.sampled_from(["id", "pk", "stage", "created_by", "version", "work_unit", "role", "event"]),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12),
)


@st.composite
def mutation_of(draw, base: dict) -> dict:
    """``base`` (a valid post) with some fields replaced, emptied or left out, plus extras."""
    data = {}
    for key, value in base.items():
        action = draw(st.sampled_from(["keep", "keep", "keep", "odd", "taint", "empty", "drop"]))
        if action == "keep" or (action == "taint" and not isinstance(value, str | int)):
            data[key] = value
        elif action == "taint":
            data[key] = draw(tainted(str(value)))
        elif action == "empty":
            data[key] = ""
        elif action == "odd":
            data[key] = draw(odd_file if isinstance(value, UploadedFile) else odd_value)
    data.update(draw(st.dictionaries(extra_keys, odd_value, max_size=2)))
    return data


# What each list page reads from its query string; every page also gets page and export.
FILTERS = ["partner", "agreement", "fiscal_year"]
REPORT = ["report", "start", "end", "partner", "sectors", "agreement", "work_unit"]
PAGE_KEYS = {
    "agreements:list": [
        "q",
        "partner",
        "country",
        "stage",
        "sector",
        "work_unit",
        "stage_since_after",
        "stage_since_before",
        "ordering",
    ],
    "agreements:partner_list": ["q"],
    "agreements:work_unit_list": [],
    "agreements:task_list": [
        "q",
        "status",
        "overdue",
        "work_unit",
        "sector",
        "agreement",
        "partner",
        "due_date_after",
        "due_date_before",
    ],
    "agreements:letter_list": ["q", "work_unit", "agreement", "answered", "late"],
    "agreements:budget_list": ["fiscal_year", "work_unit", "sector", "agreement"],
    "agreements:dashboard": FILTERS,
    "agreements:dashboard_sector": FILTERS,
    "agreements:dashboard_unit": FILTERS,
    "agreements:reports": REPORT,
    "agreements:report_preview": REPORT,
}


def plausible_values(world) -> list[str]:
    """Values a list page understands, so that the filters really run."""
    return [
        str(world.agreement.pk),
        str(world.unit.pk),
        str(world.other_unit.pk),
        str(world.task.pk),
        str(world.agreement.partner_id),
        "pertanian",
        "csv",
        "xlsx",
        "true",
        "false",
        "planned",
        "loi",
        "title",
        "-stage",
        "2",
        "2026",
        "2026-01-01",
        "2026-11-27",
        "portfolio",
        "work_unit",
        "agreement",
    ]


@st.composite
def query_for(draw, world, keys: list[str]) -> dict:
    """A query naming some of the page's own keys (plausible, odd or tainted values)."""
    plausible = st.sampled_from(plausible_values(world))
    value = st.one_of(plausible, odd_text, plausible.flatmap(tainted))
    query = {}
    for key in [*keys, "page", "export"]:
        if draw(st.booleans()):
            query[key] = draw(st.one_of(value, st.lists(value, max_size=3)))
    query.update(draw(st.dictionaries(extra_keys, value, max_size=2)))
    return query


# --- which rows ---------------------------------------------------------------------------


# Pages that render a form but have no write in the matrix (a step already taken, the
# sign-in and the two-factor pages): their form's own fields are the base of the posts.
FORM_PAGES = {
    "login",
    "agreements:stage_step",
    "agreements:two_factor_verify",
    "agreements:two_factor_disable",
}


def form_rows() -> list[Row]:
    """Every row that posts: a form's valid write, a POST-only view's body, a form page."""
    seen, rows = set(), []
    for row in ROWS:
        posts = row.write or row.method == "post" or row.name in FORM_PAGES
        if posts and row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    return rows


# The pages that list, filter, search, sort, export or chart.
LIST_PAGES = set(PAGE_KEYS)


def list_rows() -> list[Row]:
    """One row per list page, with its arguments (the query is generated)."""
    seen, rows = set(), []
    for row in ROWS:
        if row.name in LIST_PAGES and row.method == "get" and row.name not in seen:
            seen.add(row.name)
            rows.append(row)
    return rows


def method_name(prefix: str, row: Row) -> str:
    safe = "".join(c if c.isalnum() else "_" for c in row.id)
    return f"{prefix}_{safe}"


# --- "changes nothing" -----------------------------------------------------------------------


def counted_tables() -> list[str]:
    tables = [model._meta.db_table for model in DOMAIN_MODELS]
    tables += [
        model.history.model._meta.db_table for model in DOMAIN_MODELS if hasattr(model, "history")
    ]
    return [*tables, Agreement.sectors.through._meta.db_table]


def fingerprint() -> tuple:
    """What a refused request must leave as it was, in three queries (the full
    ``database_state`` of matrix.py costs more than the requests fuzzed here)."""
    tables = counted_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
        )
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    users = [
        {k: v for k, v in user.items() if k != "last_login"}
        for user in User.objects.order_by("pk").values()
    ]
    snapshots = list(ReportSnapshot.objects.order_by("pk").values())
    return counts, users, snapshots


# --- the world, once per class ------------------------------------------------------------


def fake_pdf(context):
    return RenderedReport(pdf=b"%PDF-1.7\n%%EOF\n", pages=1, html_seconds=0, pdf_seconds=0)


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    AXES_ENABLED=False,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
class FuzzCase(TestCase):
    """The matrix's world at the matrix's clock; uploads in a temporary directory and
    WeasyPrint left out (the PDFs are not what is fuzzed here)."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="fuzz-media-")
        cls._patches = [
            time_machine.travel(NOW, tick=False),
            override_settings(MEDIA_ROOT=cls._media),
            mock.patch.object(report_views, "render_pdf", fake_pdf),
            mock.patch.object(report_services, "render_pdf", fake_pdf),
        ]
        for patch in cls._patches:
            patch.start() if hasattr(patch, "start") else patch.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        for patch in reversed(cls._patches):
            patch.stop() if hasattr(patch, "stop") else patch.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        unit = WorkUnitFactory(name="Dinas Pertanian dan Perkebunan", abbreviation="Distanbun")
        other_unit = WorkUnitFactory(name="Dinas Pariwisata", abbreviation="Dispar")
        biro = UserFactory(username="biro", role=Role.BIRO)
        users = {
            "anonymous": None,
            "biro": biro,
            "officer": UserFactory(username="officer", role=Role.SKPD, work_unit=unit),
            "stranger": UserFactory(username="stranger", role=Role.SKPD, work_unit=other_unit),
            "leader": UserFactory(username="leader", role=Role.LEADERSHIP),
            "administrator": UserFactory(
                username="administrator",
                role=Role.ADMINISTRATOR,
                is_staff=True,
                is_superuser=True,
            ),
        }
        agreement = AgreementFactory(
            actor=biro, coordinating_unit=unit, title="Sister Province Uji"
        )
        cls.world = build_world(users=users, agreement=agreement, unit=unit, other_unit=other_unit)
        # Signed in once for the class: a session made inside an example is rolled back
        # with it, and signing in for every request would cost more than the request.
        cls.sessions = {}
        for role in ROLES:
            client = Client()
            client.force_login(users[role])
            cls.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def signed_in(self, role) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def shown_form(self, role, path) -> dict:
        """The fields of the form the page shows ``role``, with their initial values."""
        response = self.signed_in(role).get(path)
        form = response.context.get("form") if response.context else None
        if form is None:
            return {}
        return {f.html_name: "" if f.value() is None else f.value() for f in form}

    def assert_no_500(self, response, what):
        note(f"{what} → {response.status_code}")
        self.assertLess(response.status_code, 500)
        if getattr(response, "streaming", False):
            response.close()

    def assert_unchanged(self, before, what):
        self.assertEqual(fingerprint(), before, f"{what} changed the database")


def form_test(row: Row):
    @given(st.data())
    def test(self, data):
        build = row.write or row.data
        path = row.path(self.world)
        for role in ROLES:
            # Built for every post: each needs its own uploads.
            base = build(self.world) if build else self.shown_form(role, path)
            posted = data.draw(mutation_of(base), label=f"POST as {role}")
            before = fingerprint()
            response = self.signed_in(role).post(path, posted)
            self.assert_no_500(response, f"POST {path} as {role}")
            if response.status_code in REFUSALS:
                self.assert_unchanged(before, f"a refused POST {path} as {role}")

    test.__doc__ = f"Generated posts to {row.id} never answer 500; a refusal changes nothing."
    return test


def list_test(row: Row):
    @given(st.data())
    def test(self, data):
        path = reverse(row.name, args=row.args(self.world))
        keys = PAGE_KEYS[row.name]
        # One role per example (both appear over the examples): the pages cost the most.
        role = data.draw(st.sampled_from(ROLES), label="role")
        query = data.draw(query_for(self.world, keys), label="query")
        before = fingerprint()
        response = self.signed_in(role).get(path, query)
        self.assert_no_500(response, f"GET {path} as {role}")
        self.assert_unchanged(before, f"GET {path} as {role}")

    test.__doc__ = f"Generated query strings to {row.id} never answer 500, change nothing."
    return test


class FormFuzzTests(FuzzCase):
    """Every form of the matrix, as Bureau staff and as an officer."""


for _row in form_rows():
    setattr(
        FormFuzzTests, method_name("test_it_survives_generated_posts_to", _row), form_test(_row)
    )


class ListFuzzTests(FuzzCase):
    """Every list page: filters, search, sort, page, export."""


for _row in list_rows():
    setattr(
        ListFuzzTests, method_name("test_it_survives_generated_queries_to", _row), list_test(_row)
    )


def test_it_fuzzes_every_form_and_every_list_page():
    posted = {r.name for r in form_rows()}
    listed = {r.name for r in list_rows()}

    assert {
        "agreements:task_progress",
        "agreements:partner_create",
        "agreements:stage_correct",
    } <= posted
    assert listed == LIST_PAGES
    # Every form a row's write posts to is fuzzed: no write row is left out.
    assert {r.name for r in ROWS if r.write} <= posted


def test_it_sees_every_kind_of_write_in_the_fingerprint(access_world):
    w = access_world
    seen = [fingerprint()]

    task_update(task=w.task, actor=w.user("biro"), expected_version=w.task.version, title="Baru")
    seen.append(fingerprint())
    w.agreement.sectors.clear()
    seen.append(fingerprint())
    w.officer.set_password("another-password-123")
    w.officer.save()
    seen.append(fingerprint())

    assert all(a != b for a, b in pairwise(seen))
