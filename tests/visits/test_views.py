"""The visits pages and the counterpart directory: forms (participants' errors tied to
their fields, the warnings shown before saving, no permit for a delegation), scope (an
officer of another unit gets 404 and never reads another unit's visit), the agreement
page's section, and flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Counterpart, Visit
from agreements.models.visits import CounterpartKind, VisitDirection
from agreements.services.visits import counterpart_create

from ..clock import TODAY
from ..conftest import client_for
from ..visits.world import participants_management
from .conftest import make_visit

pytestmark = pytest.mark.usefixtures("english")


def form_post(**overrides) -> dict:
    data = {
        "direction": "outgoing",
        "title": "Misi Rumput Laut",
        "purpose": "Alih teknologi budidaya rumput laut.",
        "starts_on": (TODAY + timedelta(days=40)).isoformat(),
        "ends_on": (TODAY + timedelta(days=45)).isoformat(),
        "places": "Hangzhou; Zhoushan",
        "permit-permit_submitted_on": TODAY.isoformat(),
        **participants_management(1),
        "participants-0-name": "Baiq Contoh",
        "participants-0-position": "Kepala Bidang",
    }
    data.update(overrides)
    return data


def english_client(user):
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def new_visit_url(agreement):
    return reverse("agreements:visit_create", args=[agreement.pk])


def test_bureau_staff_record_a_mission_with_its_participants(agreement, biro, unit):
    response = english_client(biro).post(
        new_visit_url(agreement), form_post(**{"participants-0-work_unit": unit.pk})
    )

    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert visit.permit_submitted_on == TODAY
    assert list(visit.participants.values_list("name", "work_unit")) == [("Baiq Contoh", unit.pk)]


def test_a_participants_position_without_a_name_is_refused_on_that_field(agreement, biro):
    data = form_post(
        **participants_management(2),
        **{"participants-1-position": "Staf", "participants-1-organisation": "Universitas"},
    )

    response = english_client(biro).post(new_visit_url(agreement), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert Visit.objects.count() == 0
    assert 'id="id_participants-1-name_error"' in page
    assert "Give the participant&#x27;s name." in page


def test_a_mission_without_participants_is_refused(agreement, biro):
    data = form_post(**{"participants-0-name": "", "participants-0-position": ""})

    response = english_client(biro).post(new_visit_url(agreement), data)

    assert response.status_code == 200
    assert Visit.objects.count() == 0
    assert "Name at least one participant." in response.content.decode()


def test_a_delegation_received_posting_a_permit_is_refused_on_the_permit_field(agreement, biro):
    data = form_post(direction="incoming", **{"permit-permit_number": "B/1/2026"})

    response = english_client(biro).post(new_visit_url(agreement), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert Visit.objects.count() == 0
    assert 'id="id_permit-permit_submitted_on_error"' in page
    assert "A delegation received has no official-travel permit." in page


def test_the_form_of_a_delegation_shows_no_permit(agreement, biro):
    response = english_client(biro).get(new_visit_url(agreement) + "?direction=incoming")

    assert 'data-testid="permit-fields"' not in response.content.decode()
    response = english_client(biro).get(new_visit_url(agreement) + "?direction=outgoing")
    assert 'data-testid="permit-fields"' in response.content.decode()


def test_the_form_warns_before_saving_and_saves_when_confirmed(agreement, biro):
    late = form_post(**{"permit-permit_submitted_on": (TODAY + timedelta(days=31)).isoformat()})
    client = english_client(biro)

    response = client.post(new_visit_url(agreement), late)

    page = response.content.decode()
    assert response.status_code == 200
    assert Visit.objects.count() == 0
    assert 'data-testid="form-warnings"' in page
    assert "requested fewer than 10 days before departure" in page
    assert 'name="warnings_seen"' in page

    response = client.post(new_visit_url(agreement), {**late, "warnings_seen": "1"})

    assert response.status_code == 302
    visit = Visit.objects.get()
    page = client.get(visit.get_absolute_url()).content.decode()
    assert 'data-testid="visit-warning"' in page


def test_the_form_warns_of_a_large_exploratory_mission(agreement, biro):
    data = form_post(**participants_management(6))
    for n in range(6):
        data[f"participants-{n}-name"] = f"Peserta {n}"

    response = english_client(biro).post(new_visit_url(agreement), data)

    assert Visit.objects.count() == 0
    assert "should have at most 5 participants" in response.content.decode()


def test_the_task_and_pks_may_be_preset(agreement, biro, unit, task):
    response = english_client(biro).get(new_visit_url(agreement) + f"?task={task.pk}")

    assert f'<option value="{task.pk}" selected>' in response.content.decode()


# --- scope -----------------------------------------------------------------------------------

MARKER = "PENANDA-RAHASIA-DISTANBUN"


def test_an_officer_of_another_unit_gets_404_on_the_visit(agreement, biro, unit, stranger):
    visit = make_visit(agreement=agreement, actor=biro, unit=unit, title=MARKER)

    for url in (visit.get_absolute_url(), reverse("agreements:visit_edit", args=[visit.pk])):
        response = client_for(stranger).get(url)
        assert response.status_code == 404
        assert MARKER not in response.content.decode()


def test_another_units_visit_is_absent_from_the_officers_pages(
    agreement, biro, unit, officer, stranger, other_unit
):
    make_visit(agreement=agreement, actor=biro, unit=unit, title=MARKER, places=MARKER)
    make_visit(agreement=agreement, actor=biro, unit=other_unit, title="Kunjungan Dispar")

    own = client_for(officer).get(reverse("agreements:visit_list")).content.decode()
    other = client_for(stranger).get(reverse("agreements:visit_list")).content.decode()
    export = client_for(stranger).get(reverse("agreements:visit_list") + "?export=csv")

    assert MARKER in own and "Kunjungan Dispar" not in own
    assert MARKER not in other and "Kunjungan Dispar" in other
    assert MARKER not in export.content.decode()


def test_the_agreement_page_shows_the_visits_the_user_may_see(agreement, biro, unit, officer):
    make_visit(agreement=agreement, actor=biro, unit=unit, title="Misi Distanbun")
    make_visit(agreement=agreement, actor=biro, title="Misi Tanpa Unit")

    page = client_for(officer).get(agreement.get_absolute_url()).content.decode()
    bureau = client_for(biro).get(agreement.get_absolute_url()).content.decode()

    assert "Misi Distanbun" in page and "Misi Tanpa Unit" not in page
    assert 'data-testid="visit-new"' not in page
    assert 'data-testid="counterparts-link"' in page
    assert "Misi Tanpa Unit" in bureau and 'data-testid="visit-new"' in bureau


def entry(agreement, biro, **fields):
    values = {
        "kind": CounterpartKind.PARTNER_OFFICIAL,
        "name": "Li Contoh",
        "email": "li.contoh@example.cn",
        "review_on": TODAY + timedelta(days=30),
        **fields,
    }
    return counterpart_create(agreement=agreement, actor=biro, **values)


def test_the_counterpart_directory_is_hidden_from_another_unit(agreement, biro, stranger):
    entry(agreement, biro, name=MARKER)

    url = reverse("agreements:counterpart_list", args=[agreement.pk])
    response = client_for(stranger).get(url)

    assert response.status_code == 404
    assert MARKER not in response.content.decode()


@pytest.mark.parametrize("role", ["leader", "administrator"])
def test_leadership_and_administrators_never_see_the_directory(agreement, biro, users, role):
    entry(agreement, biro, name=MARKER)

    response = client_for(users[role]).get(
        reverse("agreements:counterpart_list", args=[agreement.pk])
    )

    assert response.status_code == 403
    assert MARKER not in response.content.decode()


def test_the_directory_flags_entries_past_their_review_date(agreement, biro, officer):
    entry(agreement, biro, name="Sudah Lewat", review_on=TODAY - timedelta(days=1))
    entry(agreement, biro, name="Hari Ini", review_on=TODAY)

    page = (
        client_for(officer)
        .get(reverse("agreements:counterpart_list", args=[agreement.pk]))
        .content.decode()
    )

    assert page.count('data-testid="review-due"') == 1
    flagged = [row for row in page.split("<tr>") if 'data-testid="review-due"' in row]
    assert len(flagged) == 1 and "Sudah Lewat" in flagged[0]
    assert 'data-testid="counterpart-new"' not in page


def test_removal_asks_for_confirmation_then_purges(agreement, biro):
    removed = entry(agreement, biro, name="Wang Contoh", phone="+86 1")
    url = reverse("agreements:counterpart_remove", args=[removed.pk])
    client = english_client(biro)

    page = client.get(url).content.decode()
    assert "Wang Contoh" in page and "cannot be undone" in page
    assert Counterpart.objects.filter(pk=removed.pk).exists()

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert Counterpart.objects.filter(pk=removed.pk).exists()

    response = client.post(url, {"reason": "Permintaan lisan 2 Desember"})
    assert response.status_code == 302
    assert not Counterpart.objects.filter(pk=removed.pk).exists()
    names = Counterpart.history.model.objects.filter(id=removed.pk).values_list("name", flat=True)
    assert set(names) == {""}


# --- query counts ----------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_the_list_costs_the_same_for_2_and_10_visits(agreement, biro, unit, users, role):
    client = client_for(users[role])
    url = reverse("agreements:visit_list")
    for _ in range(2):
        make_visit(agreement=agreement, actor=biro, unit=unit, people=3)
    few = count_queries(client, url)
    for _ in range(8):
        make_visit(agreement=agreement, actor=biro, unit=unit, people=3)

    assert count_queries(client, url) == few


def test_the_visit_page_costs_the_same_for_2_and_10_participants(
    agreement, biro, unit, django_assert_num_queries
):
    client = client_for(biro)
    small = make_visit(agreement=agreement, actor=biro, unit=unit, people=2)
    large = make_visit(agreement=agreement, actor=biro, unit=unit, people=10)
    few = count_queries(client, small.get_absolute_url())

    with django_assert_num_queries(few):
        client.get(large.get_absolute_url())


def test_the_agreement_section_costs_the_same_for_2_and_10_visits(agreement, biro, unit):
    client = client_for(biro)
    for _ in range(2):
        make_visit(agreement=agreement, actor=biro, unit=unit)
    few = count_queries(client, agreement.get_absolute_url())
    for _ in range(8):
        make_visit(agreement=agreement, actor=biro, unit=unit)

    assert count_queries(client, agreement.get_absolute_url()) == few


def test_the_list_filters_by_direction_and_year(agreement, biro, unit):
    make_visit(agreement=agreement, actor=biro, unit=unit, title="Misi Keluar")
    make_visit(
        agreement=agreement,
        actor=biro,
        unit=unit,
        title="Delegasi Masuk",
        direction=VisitDirection.INCOMING,
        starts_on=TODAY - timedelta(days=400),
    )
    client = client_for(biro)
    url = reverse("agreements:visit_list")

    incoming = client.get(url, {"direction": "incoming"}).content.decode()
    this_year = client.get(url, {"year": TODAY.year}).content.decode()

    assert "Delegasi Masuk" in incoming and "Misi Keluar" not in incoming
    assert "Misi Keluar" in this_year and "Delegasi Masuk" not in this_year
