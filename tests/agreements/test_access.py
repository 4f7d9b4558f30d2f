"""Who may see and do what: every view × every role, refused writes, and the scoping selectors.

An object outside the user's scope answers 404 (to prevent information leakage),
an action the role may not take answers 403, anonymous users go to the login page.
"""

from dataclasses import dataclass

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from agreements import access
from agreements import urls as agreement_urls
from agreements.models import (
    Agreement,
    Contact,
    Document,
    Partner,
    Sector,
    Stage,
    StageEvent,
    WorkUnit,
)
from agreements.services.documents import document_create
from cooperation import urls as site_urls

from ..dashboard.test_access import COVERED_URLS as DASHBOARD_URLS
from ..factories import AgreementFactory, SectorFactory, advance, pdf_upload
from ..followup.test_access import VIEWS as FOLLOWUP_VIEWS
from ..reports.test_access import COVERED_URLS as REPORT_URLS

pytestmark = pytest.mark.usefixtures("fast_passwords", "media_root")

ROLES = ["anonymous", "biro", "officer", "stranger", "leader", "administrator"]
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
START = "/agreements/"
INBOX = "/tasks/"  # an SKPD officer starts at their unit's follow-up
DASHBOARD = "/dashboard/"  # leadership starts at the dashboard


@dataclass
class World:
    agreement: Agreement
    document: Document
    unit: WorkUnit
    other_unit: WorkUnit


@pytest.fixture
def world(biro, agreement, unit, other_unit):
    document = document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("minutes.pdf"),
        kind="minutes",
        title="Minutes of the first visit",
    )
    return World(agreement=agreement, document=document, unit=unit, other_unit=other_unit)


def client_as(request, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


# Each view: method, path, and what each role gets in ROLES order. A string is a
# redirect (302) to a path starting with it.
ANYONE_SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)
SCOPED_READ = (LOGIN, 200, 200, 404, 200, 200)
SCOPED_WRITE = (LOGIN, 200, 403, 404, 403, 403)
UNSCOPED_WRITE = (LOGIN, 200, 403, 403, 403, 403)

VIEWS = {
    "home": ("get", lambda w: reverse("home"), (LOGIN, START, INBOX, INBOX, DASHBOARD, START)),
    "healthz": ("get", lambda w: reverse("healthz"), (200,) * 6),
    "login": ("get", lambda w: reverse("login"), (200,) * 6),
    "logout": ("post", lambda w: reverse("logout"), (LOGIN,) * 6),
    "set_language": ("post", lambda w: reverse("set_language"), ("/",) * 6),
    "admin:index": (
        "get",
        lambda w: reverse("admin:index"),
        (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
    ),
    "list": ("get", lambda w: reverse("agreements:list"), ANYONE_SIGNED_IN),
    "detail": ("get", lambda w: reverse("agreements:detail", args=[w.agreement.pk]), SCOPED_READ),
    "create": ("get", lambda w: reverse("agreements:create"), UNSCOPED_WRITE),
    "edit": ("get", lambda w: reverse("agreements:edit", args=[w.agreement.pk]), SCOPED_WRITE),
    "contact_create": (
        "get",
        lambda w: reverse("agreements:contact_create", args=[w.agreement.pk]),
        SCOPED_WRITE,
    ),
    "document_create": (
        "get",
        lambda w: reverse("agreements:document_create", args=[w.agreement.pk]),
        SCOPED_WRITE,
    ),
    "stage_step": (
        "get",
        lambda w: reverse("agreements:stage_step", args=[w.agreement.pk, "loi"]),
        SCOPED_WRITE,
    ),
    "stage_correct": (
        "get",
        lambda w: reverse("agreements:stage_correct", args=[w.agreement.pk]),
        SCOPED_WRITE,
    ),
    "document_download": (
        "get",
        lambda w: reverse("agreements:document_download", args=[w.document.pk]),
        SCOPED_READ,
    ),
    "partner_list": ("get", lambda w: reverse("agreements:partner_list"), ANYONE_SIGNED_IN),
    "partner_detail": (
        "get",
        lambda w: reverse("agreements:partner_detail", args=[w.agreement.partner_id]),
        ANYONE_SIGNED_IN,
    ),
    "partner_create": ("get", lambda w: reverse("agreements:partner_create"), UNSCOPED_WRITE),
    "partner_edit": (
        "get",
        lambda w: reverse("agreements:partner_edit", args=[w.agreement.partner_id]),
        UNSCOPED_WRITE,
    ),
    "work_unit_list": ("get", lambda w: reverse("agreements:work_unit_list"), ANYONE_SIGNED_IN),
    "work_unit_detail": (
        "get",
        lambda w: reverse("agreements:work_unit_detail", args=[w.unit.pk]),
        SCOPED_READ,
    ),
    "other_work_unit_detail": (
        "get",
        lambda w: reverse("agreements:work_unit_detail", args=[w.other_unit.pk]),
        (LOGIN, 200, 404, 200, 200, 200),
    ),
}

MATRIX = [
    pytest.param(view, role, expected, id=f"{view}-{role}")
    for view, (_, _, statuses) in VIEWS.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("view", "role", "expected"), MATRIX)
def test_it_answers_each_role_as_the_table_says(request, world, view, role, expected):
    method, path, _ = VIEWS[view]
    client = client_as(request, role)

    response = getattr(client, method)(path(world))

    if isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected


def test_it_covers_every_view_of_the_portal_in_a_table():
    names = {p.name for p in site_urls.urlpatterns if getattr(p, "name", None)}
    names |= {p.name for p in agreement_urls.urlpatterns}

    covered = set(VIEWS) | set(FOLLOWUP_VIEWS) | DASHBOARD_URLS | REPORT_URLS
    assert names - covered == set(), "add the new views to a URL × role table"


@pytest.mark.parametrize(
    "view", ["detail", "edit", "stage_step", "document_download", "work_unit_detail"]
)
def test_it_does_not_show_the_title_to_someone_out_of_scope(request, world, view):
    method, path, _ = VIEWS[view]

    response = getattr(client_as(request, "stranger"), method)(path(world))

    assert response.status_code == 404
    assert world.agreement.title not in response.content.decode()


@pytest.mark.parametrize("action", ["expired", "opened", "corrected", "bogus"])
def test_it_answers_404_for_a_step_a_person_cannot_take(client, biro, agreement, action):
    client.force_login(biro)
    before = StageEvent.objects.count()

    response = client.get(reverse("agreements:stage_step", args=[agreement.pk, action]))

    assert response.status_code == 404
    assert StageEvent.objects.count() == before


def test_it_answers_404_for_an_agreement_that_does_not_exist(client, biro, agreement):
    client.force_login(biro)

    response = client.get(reverse("agreements:detail", args=[agreement.pk + 1000]))

    assert response.status_code == 404


# --- refused writes ------------------------------------------------------------------------


def write_requests(w: World) -> dict:
    """A valid POST for each write view; every one succeeds for Bureau staff."""
    pk = w.agreement.pk
    sector = Sector.objects.get(code="pertanian")
    return {
        "create": (
            reverse("agreements:create"),
            {
                "title": "Kerja sama baru",
                "partner": w.agreement.partner_id,
                "kind": "other",
                "sectors": [sector.pk],
                "coordinating_unit": w.unit.pk,
                "summary": "",
                "first_contact_date": "2026-01-05",
            },
        ),
        "edit": (
            reverse("agreements:edit", args=[pk]),
            {
                "title": "Judul yang diubah",
                "partner": w.agreement.partner_id,
                "kind": "other",
                "sectors": [sector.pk],
                "coordinating_unit": w.other_unit.pk,
                "summary": "Changed.",
            },
        ),
        "contact_create": (
            reverse("agreements:contact_create", args=[pk]),
            {
                "date": "2026-01-06",
                "kind": "meeting",
                "initiator_type": "official",
                "participants": "Biro AK",
                "attachment": pdf_upload("minutes.pdf"),
            },
        ),
        "document_create": (
            reverse("agreements:document_create", args=[pk]),
            {"kind": "report", "title": "Report", "file": pdf_upload("report.pdf")},
        ),
        "stage_step": (
            reverse("agreements:stage_step", args=[pk, "dprd"]),
            {"date": "2024-06-03", "reference_number": "12/KEP/DPRD/2024"},
        ),
        "stage_correct": (
            reverse("agreements:stage_correct", args=[pk]),
            {"reason": "Recorded on the wrong agreement."},
        ),
        "partner_create": (
            reverse("agreements:partner_create"),
            {
                "name": "Okinawa",
                "native_name": "沖縄県",
                "country": "Jepang",
                "level": "prefecture",
            },
        ),
        "partner_edit": (
            reverse("agreements:partner_edit", args=[w.agreement.partner_id]),
            {"name": "Renamed", "native_name": "", "country": "Tiongkok", "level": "province"},
        ),
    }


def database_state(w: World) -> dict:
    w.agreement.refresh_from_db()
    partner = Partner.objects.get(pk=w.agreement.partner_id)
    return {
        "agreements": Agreement.objects.count(),
        "contacts": Contact.objects.count(),
        "events": StageEvent.objects.count(),
        "documents": Document.objects.count(),
        "partners": Partner.objects.count(),
        "stage": w.agreement.stage,
        "title": w.agreement.title,
        "unit": w.agreement.coordinating_unit_id,
        "partner_name": partner.name,
    }


@pytest.fixture
def world_at_loi(world, biro):
    """The world with its agreement at the LoI: a DPRD step and a correction are both valid."""
    advance(world.agreement, actor=biro, to=Stage.LOI)
    return world


WRITE_VIEWS = [
    "create",
    "edit",
    "contact_create",
    "document_create",
    "stage_step",
    "stage_correct",
    "partner_create",
    "partner_edit",
]
SCOPED_WRITE_VIEWS = {"edit", "contact_create", "document_create", "stage_step", "stage_correct"}
REFUSED_POSTS = [
    pytest.param(
        view,
        role,
        LOGIN
        if role == "anonymous"
        else 404
        if role == "stranger" and view in SCOPED_WRITE_VIEWS
        else 403,
        id=f"{view}-{role}",
    )
    for view in WRITE_VIEWS
    for role in ["anonymous", "officer", "stranger", "leader", "administrator"]
]


@pytest.mark.parametrize(("view", "role", "expected"), REFUSED_POSTS)
def test_it_refuses_a_write_and_changes_nothing(request, world_at_loi, view, role, expected):
    path, data = write_requests(world_at_loi)[view]
    before = database_state(world_at_loi)

    response = client_as(request, role).post(path, data)

    if isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected
    assert database_state(world_at_loi) == before


@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_it_accepts_the_same_write_from_bureau_staff(client, biro, world_at_loi, view):
    path, data = write_requests(world_at_loi)[view]
    before = database_state(world_at_loi)
    client.force_login(biro)

    response = client.post(path, data)

    assert response.status_code == 302
    assert database_state(world_at_loi) != before


# --- scope follows the officer's work unit --------------------------------------------------


def test_it_moves_an_officers_access_with_their_work_unit(client, biro, officer, world):
    theirs = AgreementFactory(actor=biro, coordinating_unit=world.other_unit)
    client.force_login(officer)
    mine_url = reverse("agreements:detail", args=[world.agreement.pk])
    theirs_url = reverse("agreements:detail", args=[theirs.pk])
    assert (client.get(mine_url).status_code, client.get(theirs_url).status_code) == (200, 404)

    officer.work_unit = world.other_unit
    officer.save()

    assert (client.get(mine_url).status_code, client.get(theirs_url).status_code) == (404, 200)


def test_it_moves_an_officers_documents_and_unit_page_with_them(client, officer, world):
    client.force_login(officer)
    download = reverse("agreements:document_download", args=[world.document.pk])
    unit_page = reverse("agreements:work_unit_detail", args=[world.unit.pk])
    assert (client.get(download).status_code, client.get(unit_page).status_code) == (200, 200)

    officer.work_unit = world.other_unit
    officer.save()

    assert (client.get(download).status_code, client.get(unit_page).status_code) == (404, 404)


# --- lists are scoped ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        ("biro", True, True),
        ("officer", True, False),
        ("stranger", False, True),
        ("leader", True, True),
        ("administrator", True, True),
    ],
)
def test_it_lists_only_the_agreements_in_scope(request, biro, world, role, sees_own, sees_other):
    other = AgreementFactory(actor=biro, coordinating_unit=world.other_unit, title="Dispar deal")

    response = client_as(request, role).get(reverse("agreements:list"))

    assert response.status_code == 200
    listed = set(response.context["page"].object_list)
    assert (world.agreement in listed, other in listed) == (sees_own, sees_other)


def test_it_counts_only_visible_agreements_on_the_partner_list(client, stranger, world):
    client.force_login(stranger)

    response = client.get(reverse("agreements:partner_list"))

    assert response.status_code == 200
    partner = next(p for p in response.context["partners"] if p.pk == world.agreement.partner_id)
    assert partner.agreement_count == 0


def test_it_hides_out_of_scope_agreements_on_a_partner_page(client, stranger, world):
    client.force_login(stranger)

    response = client.get(reverse("agreements:partner_detail", args=[world.agreement.partner_id]))

    assert response.status_code == 200
    assert list(response.context["agreements"]) == []
    assert world.agreement.title not in response.content.decode()


def test_it_lets_an_officer_open_only_their_own_unit_from_the_list(client, officer, world):
    client.force_login(officer)

    response = client.get(reverse("agreements:work_unit_list"))

    assert response.status_code == 200
    assert response.context["openable"] == {world.unit.pk}


# --- the selectors, directly ------------------------------------------------------------------


def test_it_counts_a_unit_as_taking_part_when_it_coordinates(biro, world):
    other = AgreementFactory(actor=biro, coordinating_unit=world.other_unit)

    assert set(access.agreements_taking_part(world.unit)) == {world.agreement}
    assert set(access.agreements_taking_part(world.other_unit)) == {other}


def test_it_does_not_count_sharing_a_sector_as_taking_part(biro, world):
    world.other_unit.sectors.add(SectorFactory(code="pertanian"))

    assert world.agreement.sectors.filter(code="pertanian").exists()
    assert list(access.agreements_taking_part(world.other_unit)) == []


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("biro", {"mine", "theirs"}),
        ("leader", {"mine", "theirs"}),
        ("administrator", {"mine", "theirs"}),
        ("officer", {"mine"}),
        ("stranger", {"theirs"}),
    ],
)
def test_it_scopes_the_visible_agreements_by_role(request, biro, world, role, expected):
    theirs = AgreementFactory(actor=biro, coordinating_unit=world.other_unit)
    names = {world.agreement.pk: "mine", theirs.pk: "theirs"}

    visible = access.agreements_visible_to(request.getfixturevalue(role))

    assert {names[a.pk] for a in visible} == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("biro", {"unit", "other_unit"}),
        ("leader", {"unit", "other_unit"}),
        ("officer", {"unit"}),
        ("stranger", {"other_unit"}),
    ],
)
def test_it_scopes_the_openable_work_units_by_role(request, world, role, expected):
    names = {world.unit.pk: "unit", world.other_unit.pk: "other_unit"}

    visible = access.work_units_visible_to(request.getfixturevalue(role))

    assert {names[u.pk] for u in visible} == expected


def test_it_raises_404_for_an_agreement_out_of_scope(stranger, world):
    with pytest.raises(Http404):
        access.get_agreement_for_user(stranger, world.agreement.pk)

    assert Agreement.objects.filter(pk=world.agreement.pk).exists()


def test_it_raises_404_for_a_document_out_of_scope(stranger, officer, world):
    with pytest.raises(Http404):
        access.get_document_for_user(stranger, world.document.pk)

    assert access.get_document_for_user(officer, world.document.pk) == world.document


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("biro", True),
        ("officer", False),
        ("stranger", False),
        ("leader", False),
        ("administrator", False),
    ],
)
def test_it_lets_only_bureau_staff_manage_agreements(request, role, expected):
    assert access.can_manage_agreements(request.getfixturevalue(role)) is expected
