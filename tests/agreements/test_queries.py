"""Lists answer in the same number of queries however many rows they show."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Partner, Stage
from agreements.services.agreements import contact_create
from agreements.services.documents import document_create

from ..factories import AgreementFactory, SectorFactory, WorkUnitFactory, advance, pdf_upload


@pytest.fixture
def sectors(db):
    return [SectorFactory(code=f"sektor-{n}") for n in range(8)]


def add_agreements(count, *, actor, unit, sectors):
    pairs = itertools.cycle(itertools.combinations(sectors, 2))
    for _ in range(count):
        AgreementFactory(actor=actor, coordinating_unit=unit, sectors=list(next(pairs)))


def capture(client, url) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    queries.response = response
    return queries


def assert_same_count(small: CaptureQueriesContext, large: CaptureQueriesContext) -> None:
    def sql(queries):
        return "\n".join(f"  {q['sql']}" for q in queries.captured_queries)

    assert len(large) == len(small), (
        f"{len(small)} queries with few rows, {len(large)} with many.\n"
        f"Few rows:\n{sql(small)}\nMany rows:\n{sql(large)}"
    )


@pytest.mark.parametrize("role", ["biro", "officer", "leader"])
def test_it_lists_agreements_in_a_constant_number_of_queries(
    request, client, biro, unit, sectors, role
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("agreements:list")
    add_agreements(5, actor=biro, unit=unit, sectors=sectors)
    small = capture(client, url)

    add_agreements(45, actor=biro, unit=unit, sectors=sectors)
    large = capture(client, url)

    assert len(small.response.context["page"].object_list) == 5
    assert len(large.response.context["page"].object_list) == 25
    assert_same_count(small, large)


def test_it_lists_agreements_at_every_stage_in_a_constant_number_of_queries(
    client, biro, unit, sectors
):
    client.force_login(biro)
    url = reverse("agreements:list") + "?ordering=stage"
    add_agreements(2, actor=biro, unit=unit, sectors=sectors)
    small = capture(client, url)

    for stage in [Stage.LOI, Stage.DPRD_APPROVAL, Stage.MOU]:
        agreement = AgreementFactory(actor=biro, coordinating_unit=unit, sectors=sectors[:2])
        advance(agreement, actor=biro, to=stage)
    large = capture(client, url)

    assert len(large.response.context["page"].object_list) == 5
    assert_same_count(small, large)


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_it_lists_partners_in_a_constant_number_of_queries(
    request, client, biro, unit, sectors, role
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("agreements:partner_list")
    add_agreements(5, actor=biro, unit=unit, sectors=sectors)
    small = capture(client, url)

    add_agreements(45, actor=biro, unit=unit, sectors=sectors)
    large = capture(client, url)

    assert len(small.response.context["partners"]) == 5
    assert len(large.response.context["partners"]) == Partner.objects.count() == 50
    assert_same_count(small, large)


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_it_lists_work_units_in_a_constant_number_of_queries(request, client, unit, sectors, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("agreements:work_unit_list")
    pairs = itertools.cycle(itertools.combinations(sectors, 2))

    def add_units(count):
        for _ in range(count):
            WorkUnitFactory().sectors.set(next(pairs))

    add_units(4)  # with the officer's own unit: 5
    small = capture(client, url)

    add_units(45)
    large = capture(client, url)

    assert len(small.response.context["units"]) == 5
    assert len(large.response.context["units"]) == 50
    assert_same_count(small, large)


def test_it_shows_an_agreement_in_a_constant_number_of_queries(client, biro, agreement):
    client.force_login(biro)
    url = reverse("agreements:detail", args=[agreement.pk])

    def add_history():
        contact = contact_create(
            agreement=agreement,
            actor=biro,
            attachment=pdf_upload("notulen.pdf"),
            date=agreement.first_contact_date,
            kind="meeting",
            initiator_type="official",
            participants="Biro AK",
        )
        document_create(
            agreement=agreement, actor=biro, file=pdf_upload(), kind="report", title="Laporan"
        )
        return contact

    add_history()
    small = capture(client, url)

    for _ in range(9):
        add_history()
    advance(agreement, actor=biro, to=Stage.MOU)
    large = capture(client, url)

    assert len(large.response.context["timeline"]) > len(small.response.context["timeline"])
    assert_same_count(small, large)
