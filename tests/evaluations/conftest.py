"""Fixtures of the evaluation tests, built through the services, with the clock at ``NOW``
(Friday 27 November 2026, 10:00 WITA).

- ``mou``: an MoU in force (signed 2 September 2024, valid until 1 September 2029),
  coordinated by ``unit``, recorded in the portal today;
- ``causes``: ``mou``'s follow-up in 2026 with the study's three causes: 2 overdue tasks
  (and one not yet due), 2 letters answered late or not at all (and one not yet due),
  and 1 of its 2 commitments without a 2026 allocation.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone, translation

from agreements.models import Stage
from agreements.services.evaluations import evaluation_complete, evaluation_create

from ..clock import TODAY, days
from ..factories import AgreementFactory, advance
from ..followup.conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
)


@pytest.fixture(autouse=True)
def frozen(clock):
    return clock


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def mou(biro, unit):
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit, title="MoU Uji Evaluasi")
    return advance(agreement, actor=biro, to=Stage.MOU)


@dataclass
class Causes:
    funded: object
    unfunded: object
    overdue: list
    late_letters: list


@pytest.fixture
def causes(mou, biro, unit, officer):
    funded = CommitmentFactory(agreement=mou, actor=biro, lead_unit=unit, title="Bidang didanai")
    unfunded = CommitmentFactory(agreement=mou, actor=biro, lead_unit=unit, title="Bidang kosong")
    BudgetLineFactory(commitment=funded, actor=biro, work_unit=unit, fiscal_year=2026)
    overdue = [
        TaskFactory(commitment=funded, actor=biro, title="Terlambat 1", due_date=days(-5)),
        TaskFactory(commitment=funded, actor=biro, title="Terlambat 2", due_date=days(-40)),
    ]
    TaskFactory(commitment=funded, actor=biro, title="Belum jatuh tempo", due_date=days(10))
    unanswered = RequestFactory(
        agreement=mou, actor=biro, work_unit=unit, sent_on=days(-20), answer_due=days(-3)
    )
    answered_late = RequestFactory(
        agreement=mou, actor=biro, work_unit=unit, sent_on=days(-30), answer_due=days(-10)
    )
    answer(answered_late, actor=officer)
    RequestFactory(agreement=mou, actor=biro, work_unit=unit, sent_on=days(-1), answer_due=days(7))
    return Causes(funded, unfunded, overdue, [unanswered, answered_late])


def completed(agreement, biro, *, year=2026, on: date = TODAY, pks=None, **fields):
    """An evaluation of ``agreement`` (or ``pks``) completed on ``on``."""
    fields.setdefault("recommendation", "revise")
    evaluation = evaluation_create(
        agreement=agreement, pks=pks, actor=biro, year=year, today=max(on, TODAY), **fields
    )
    return evaluation_complete(evaluation=evaluation, actor=biro, today=on)


def local_date(moment):
    return timezone.localtime(moment).date()
