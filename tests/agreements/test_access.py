"""Who may see what of agreements, partners and work units, beyond the URL × role matrix
(tests/access/): steps nobody may take, scope that follows the officer's work unit,
scoped lists, and the scoping selectors.

An object outside the user's scope answers 404 (to prevent information leakage),
an action the role may not take answers 403.
"""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from agreements import access
from agreements.models import Agreement, StageEvent

from ..factories import AgreementFactory, SectorFactory


@pytest.fixture
def world(access_world):
    """The matrix's world: ``agreement`` (with its ``document``) is ``unit``'s."""
    return access_world


def client_as(request, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


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

    # The world's MoU is coordinated by ``unit`` too (it holds the unit's PKS).
    assert set(access.agreements_taking_part(world.unit)) == {world.agreement, world.mou}
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
    names = {world.agreement.pk: "mine", world.mou.pk: "mine", theirs.pk: "theirs"}

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
    assert access.can(request.getfixturevalue(role), access.Right.MANAGE_AGREEMENTS) is expected
