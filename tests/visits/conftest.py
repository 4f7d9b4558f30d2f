"""Fixtures of the visits area: the clock frozen at tests/clock.NOW, a visit maker."""

from datetime import timedelta

import pytest
from django.utils import translation

from agreements.models.visits import VisitDirection
from agreements.services.visits import visit_create

from ..clock import TODAY
from ..followup.conftest import commitment, sector, task  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _frozen(clock):
    return clock


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def make_visit(
    *, agreement, actor, unit=None, people=1, direction=VisitDirection.OUTGOING, **fields
):
    """A visit through the service, ``people`` participants of ``unit``."""
    fields.setdefault("title", "Misi ke Hangzhou")
    fields.setdefault("purpose", "Menjajaki kerja sama.")
    fields.setdefault("starts_on", TODAY + timedelta(days=30))
    fields.setdefault("ends_on", fields["starts_on"] + timedelta(days=4))
    fields.setdefault("places", "Hangzhou, Zhejiang")
    participants = [
        {"name": f"Peserta {n}", "position": "Staf", "work_unit": unit}
        for n in range(1, people + 1)
    ]
    return visit_create(
        agreement=agreement, actor=actor, direction=direction, participants=participants, **fields
    )
