"""The demo's visits: the 2026 mission to Hangzhou with its permit and trip report, the
delegation from Zhejiang, and the counterpart directory, all made through the services."""

import pytest
from django.db import transaction

from agreements.models import Counterpart, Visit
from agreements.models.documents import DocumentKind
from agreements.models.visits import PermitDecision, VisitDirection
from agreements.seeding.demo import seed_demo
from agreements.seeding.demo_visits import DELEGATION_TITLE, MISSION_TITLE, seed_visits
from agreements.selectors.visits import visit_warnings

from ..clock import TODAY


@pytest.fixture
def demo(db, media_root):
    with transaction.atomic():
        seed_demo(today=TODAY)
        seed_visits(today=TODAY)


def test_the_demo_has_the_mission_to_hangzhou_with_its_permit_and_report(demo):
    mission = Visit.objects.get(title=MISSION_TITLE)

    assert mission.direction == VisitDirection.OUTGOING
    assert "Zhejiang" in mission.agreement.partner.name
    assert 4 <= mission.participants.count() <= 6
    assert mission.permit_decision == PermitDecision.GRANTED
    assert mission.permit_number
    assert visit_warnings(mission, today=TODAY) == []  # requested in time, not exploratory
    kinds = set(mission.documents.values_list("kind", flat=True))
    assert {DocumentKind.TRIP_REPORT, DocumentKind.PHOTO, DocumentKind.TRAVEL_PERMIT} <= kinds
    assert mission.documents.get(kind=DocumentKind.PHOTO).content_type == "image/png"


def test_the_demo_has_the_delegation_from_zhejiang_and_the_directory(demo):
    delegation = Visit.objects.get(title=DELEGATION_TITLE)

    assert delegation.direction == VisitDirection.INCOMING
    assert delegation.starts_on.year == 2026
    entries = Counterpart.objects.filter(agreement=delegation.agreement)
    assert entries.count() >= 4
    assert all(e.email.endswith(("example.org", "example.cn")) for e in entries)
    assert entries.filter(review_on__lt=TODAY).exists()


def test_seeding_twice_adds_nothing(demo):
    before = (Visit.objects.count(), Counterpart.objects.count())

    seed_visits(today=TODAY)

    assert (Visit.objects.count(), Counterpart.objects.count()) == before
