"""The URL × role matrix (matrix.py): complete, answered as the table says, refused writes
that change nothing, and the admin's one rule: staff only.

An object outside the user's scope answers 404 (to prevent information leakage), an
action the role may not take answers 403, anonymous visitors go to the login page.
Each role's request runs in a savepoint rolled back afterwards, so that one role's
write never changes what the next one sees.
"""

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from .matrix import (
    ADMIN_LOGIN,
    LOGIN,
    ROLES,
    ROWS,
    database_state,
    describe,
    matches,
    named_urls,
)

pytestmark = pytest.mark.usefixtures("stub_weasyprint")

WRITES = [r for r in ROWS if r.write is not None]


def rolled_back(send, *, note: str, state: bool = False):
    """``send()``'s response (and the database state after it); what it wrote is rolled back."""
    try:
        with transaction.atomic():
            response = send()
            if response.streaming:
                # Read to the end, as a browser would: the test client then closes the file
                # without closing the database connection (response.close() would).
                response.streamed = b"".join(response.streaming_content)
            after = database_state() if state else None
            transaction.set_rollback(True)
    except Exception as error:
        error.add_note(note)
        raise
    return response, after


# --- the table is complete ------------------------------------------------------------------


def test_it_has_a_row_for_every_named_url_of_the_portal():
    portal = {url.name for url in named_urls() if url.portal}
    missing = sorted(portal - {r.name for r in ROWS})

    assert missing == [], (
        f"no row in tests/access/matrix.py for: {', '.join(missing)}; "
        "add one per request variant, with what each role gets"
    )


def test_it_has_no_row_for_a_url_that_does_not_exist():
    existing = {url.name for url in named_urls()}

    assert sorted({r.name for r in ROWS} - existing) == []


def test_it_names_every_row_once():
    ids = [r.id for r in ROWS]

    assert sorted({i for i in ids if ids.count(i) > 1}) == []


# --- every row, every role ------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_it_answers_each_role_as_the_table_says(access_world, row):
    wrong = []
    for role in ROLES:
        response, _ = rolled_back(
            lambda role=role: row.send(access_world.client(role), access_world),
            note=f"{row.method.upper()} {row.id} as {role}",
        )
        if not matches(response, row.expected(role)):
            wrong.append(f"{role}: got {describe(response)}, expected {row.expected(role)}")

    assert not wrong, f"{row.method.upper()} {row.path(access_world)}: " + "; ".join(wrong)


def visible_texts(world, role) -> list[str]:
    """What a page answering 404 must not show: the names of the world's objects (except
    the viewer's own unit, which their menu may name)."""
    own = world.user(role).work_unit if world.user(role) else None
    texts = [
        world.agreement.title,
        world.commitment.title,
        world.task.title,
        world.request.subject,
        world.document.title,
    ]
    return texts + [u.name for u in (world.unit, world.other_unit) if u != own]


HIDING_ROWS = [r for r in ROWS if 404 in r.expect and r.method == "get"]


@pytest.mark.parametrize("row", HIDING_ROWS, ids=[r.id for r in HIDING_ROWS])
def test_it_shows_nothing_of_an_object_out_of_scope(access_world, row):
    for role in (role for role in ROLES if row.expected(role) == 404):
        response, _ = rolled_back(
            lambda role=role: row.send(access_world.client(role), access_world),
            note=f"{row.id} as {role}",
        )
        page = response.content.decode()

        assert response.status_code == 404
        assert [t for t in visible_texts(access_world, role) if t in page] == [], role


# --- refused writes change nothing; the same writes succeed for those who may ---------------


@pytest.mark.parametrize("row", WRITES, ids=[r.id for r in WRITES])
def test_it_changes_nothing_on_a_refused_write(access_world, row):
    before = database_state()
    for role in (role for role in ROLES if row.refuses(role)):
        response, after = rolled_back(
            lambda role=role: access_world.client(role).post(
                row.path(access_world), row.write(access_world)
            ),
            note=f"POST {row.id} as {role}",
            state=True,
        )

        assert matches(response, row.expected(role)), (role, describe(response))
        assert after == before, f"a refused POST as {role} changed the database"


@pytest.mark.parametrize("row", WRITES, ids=[r.id for r in WRITES])
def test_it_accepts_the_same_write_from_bureau_staff(access_world, row):
    """The refused POSTs are valid: what stops them is the role or the scope."""
    before = database_state()

    response, after = rolled_back(
        lambda: access_world.client("biro").post(row.path(access_world), row.write(access_world)),
        note=f"POST {row.id} as biro",
        state=True,
    )

    assert response.status_code == 302, describe(response)
    assert not response["Location"].startswith(LOGIN)
    assert after != before


OFFICER_WRITES = [r for r in WRITES if r.lets_write("officer")]


@pytest.mark.parametrize("row", OFFICER_WRITES, ids=[r.id for r in OFFICER_WRITES])
def test_it_accepts_the_officers_write_for_their_own_unit(access_world, row):
    before = database_state()

    response, after = rolled_back(
        lambda: access_world.client("officer").post(
            row.path(access_world), row.write(access_world)
        ),
        note=f"POST {row.id} as officer",
        state=True,
    )

    assert response.status_code == 302, describe(response)
    assert after != before


# --- the admin and third-party URLs: staff only ---------------------------------------------

NON_STAFF = [role for role in ROLES if role != "administrator"]
ADMIN_MODELS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def refused_to_non_staff(response) -> bool:
    """Sent to a login page, or refused. (The admin's logout sends them to its index,
    which sends them to the login page.)"""
    if response.status_code == 302:
        return response["Location"].startswith((ADMIN_LOGIN, LOGIN)) or response[
            "Location"
        ] == reverse("admin:index")
    return response.status_code in (403, 404, 405)


@pytest.mark.parametrize(
    ("model", "model_admin"), ADMIN_MODELS, ids=[m._meta.label for m, _ in ADMIN_MODELS]
)
def test_it_lets_only_staff_into_the_admins_pages_of_a_model(access_world, model, model_admin):
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = {"changelist": reverse(f"{info}_changelist"), "add": reverse(f"{info}_add")}
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        for view in ("change", "history", "delete"):
            pages[view] = reverse(f"{info}_{view}", args=[first.pk])
    as_admin = RequestFactory().get("/")
    as_admin.user = access_world.user("administrator")
    expected = {
        "changelist": 200,
        "add": 200 if model_admin.has_add_permission(as_admin) else 403,
        "change": 200,
    }

    for role in ROLES:
        client = access_world.client(role)
        for view, path in pages.items():
            response, _ = rolled_back(lambda c=client, p=path: c.get(p), note=f"{path} as {role}")
            if role in NON_STAFF:
                assert refused_to_non_staff(response), (path, role, describe(response))
            elif view in expected:
                assert response.status_code == expected[view], (path, describe(response))


def staff_only_urls() -> list[tuple[str, str]]:
    """The admin's and third-party URLs without arguments, but the admin's login page."""
    rows = {r.name for r in ROWS}
    urls = []
    for url in named_urls():
        if url.portal or url.name in rows or url.name == "admin:login":
            continue
        try:
            urls.append((url.name, reverse(url.name)))
        except NoReverseMatch:  # takes arguments: the model pages above cover the admin's
            continue
    return urls


@pytest.mark.parametrize(("name", "path"), staff_only_urls(), ids=lambda v: v)
def test_it_refuses_the_other_staff_pages_to_non_staff(access_world, name, path):
    for role in NON_STAFF:
        response, _ = rolled_back(
            lambda role=role: access_world.client(role).get(path), note=f"{name} as {role}"
        )

        assert refused_to_non_staff(response), (role, describe(response))


def test_it_opens_the_admin_to_the_administrator_only(access_world):
    answers = {
        role: rolled_back(lambda role=role: access_world.client(role).get("/admin/"), note=role)[0]
        for role in ROLES
    }

    assert {role: describe(r) for role, r in answers.items()} == {
        **{role: f"302 → {ADMIN_LOGIN}?next=/admin/" for role in NON_STAFF},
        "administrator": "200",
    }
