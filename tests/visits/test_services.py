"""The writes: a visit during the exploration is a contact of the prospect; a delegation
received has no permit; a counterpart removed on request leaves no personal data behind."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection

from agreements.models import Contact, Counterpart, Stage, Visit
from agreements.models.agreements import ContactKind
from agreements.models.visits import CounterpartKind, VisitDirection
from agreements.services.visits import (
    VisitError,
    counterpart_create,
    counterpart_remove,
    counterpart_update,
    visit_update,
)

from ..clock import TODAY
from ..factories import LOI_DATE, advance
from .conftest import make_visit

pytestmark = pytest.mark.usefixtures("english")


def test_a_visit_during_the_exploration_is_a_contact_of_the_prospect(agreement, biro, unit):
    visit = make_visit(agreement=agreement, actor=biro, unit=unit, people=2)

    contact = Contact.objects.get(agreement=agreement)
    assert visit.contact == contact
    assert contact.kind == ContactKind.VISIT
    assert contact.date == visit.starts_on
    assert contact.location == "Hangzhou, Zhejiang"
    assert contact.notes == "Menjajaki kerja sama."
    assert contact.participants.splitlines() == [
        f"Peserta 1, Staf, {unit.name}",
        f"Peserta 2, Staf, {unit.name}",
    ]


def test_moving_the_dates_moves_the_contact(agreement, biro, unit):
    visit = make_visit(agreement=agreement, actor=biro, unit=unit)
    new_start = TODAY + timedelta(days=60)

    visit_update(visit=visit, actor=biro, starts_on=new_start, ends_on=new_start)

    assert list(Contact.objects.values_list("date", flat=True)) == [new_start]


def test_a_visit_after_the_letter_of_intent_makes_no_contact(agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = Contact.objects.count()

    visit = make_visit(agreement=agreement, actor=biro, unit=unit, starts_on=LOI_DATE)

    assert visit.contact is None
    assert Contact.objects.count() == before


def test_a_visit_moved_past_the_letter_of_intent_loses_its_contact(agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.LOI)
    early = LOI_DATE - timedelta(days=30)
    visit = make_visit(agreement=agreement, actor=biro, unit=unit, starts_on=early)
    made = visit.contact
    assert made is not None

    visit_update(visit=visit, actor=biro, starts_on=LOI_DATE, ends_on=LOI_DATE)

    assert not Contact.objects.filter(pk=made.pk).exists()
    assert Visit.objects.get(pk=visit.pk).contact is None


def test_todays_contacts_stay_as_they_are(agreement, biro, unit):
    own = Contact.objects.create(
        agreement=agreement,
        date=TODAY,
        kind=ContactKind.MEETING,
        initiator_type="official",
        participants="Biro",
        recorded_by=biro,
    )

    make_visit(agreement=agreement, actor=biro, unit=unit)

    own.refresh_from_db()
    assert (own.kind, own.participants) == (ContactKind.MEETING, "Biro")
    assert Contact.objects.count() == 2


def test_a_delegation_received_has_no_permit(agreement, biro, unit):
    with pytest.raises(VisitError, match="no official-travel permit"):
        make_visit(
            agreement=agreement,
            actor=biro,
            unit=unit,
            direction=VisitDirection.INCOMING,
            permit_number="B/123/KEMENDAGRI",
        )

    assert Visit.objects.count() == 0
    assert Contact.objects.count() == 0


def test_an_officer_records_no_visit(agreement, officer, unit):
    with pytest.raises(VisitError):
        make_visit(agreement=agreement, actor=officer, unit=unit)

    assert Visit.objects.count() == 0


# --- the counterpart directory ---------------------------------------------------------------

PERSONAL = {
    "name": "Zhang Wei Contoh",
    "position": "Deputy Director Fiktif",
    "email": "zhang.contoh@example.cn",
    "phone": "+86 571 8888 1234",
    "notes": "Prefers WeChat, catatan pribadi",
}


def every_table_text() -> str:
    """The whole database as text: every row of every table."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_removal_on_request_purges_the_entry_from_its_history(agreement, biro):
    entry = counterpart_create(
        agreement=agreement,
        actor=biro,
        kind=CounterpartKind.PARTNER_OFFICIAL,
        office="Foreign Affairs Office of Zhejiang",
        review_on=TODAY + timedelta(days=365),
        **PERSONAL,
    )
    counterpart_update(counterpart=entry, actor=biro, phone="+86 571 9999 0000")
    old_phone = PERSONAL["phone"]
    assert old_phone in every_table_text()

    counterpart_remove(counterpart=entry, actor=biro, reason="Surat permintaan 1 Desember 2026")

    assert not Counterpart.objects.filter(pk=entry.pk).exists()
    history = Counterpart.history.model.objects.filter(id=entry.pk).order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    for row in history.values():
        assert [row[f] for f in ("name", "position", "email", "phone", "notes")] == [""] * 5
    removal = history.last()
    assert removal.history_user == biro
    assert removal.history_change_reason.startswith("removed on request (UU 27/2022)")
    dump = every_table_text()
    for value in [*PERSONAL.values(), "+86 571 9999 0000"]:
        assert value not in dump


def test_a_removal_needs_a_reason_and_then_changes_nothing(agreement, biro):
    entry = counterpart_create(
        agreement=agreement,
        actor=biro,
        kind=CounterpartKind.EMBASSY,
        review_on=TODAY,
        **PERSONAL,
    )

    with pytest.raises(VisitError):
        counterpart_remove(counterpart=entry, actor=biro, reason="  ")

    assert Counterpart.objects.get(pk=entry.pk).email == PERSONAL["email"]


def test_the_admin_shows_no_counterpart_nor_its_history():
    registered = {model._meta.label for model in admin.site._registry}

    assert "agreements.Counterpart" not in registered
    assert "agreements.HistoricalCounterpart" not in registered
