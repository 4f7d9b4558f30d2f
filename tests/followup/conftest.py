"""Fixtures of the follow-up tests, built through the services as the portal does.

The clock is frozen for every test here at Friday 27 November 2026, 10:00 WITA
(``NOW``/``TODAY``), so that due dates relative to ``TODAY`` are stable.

- ``commitment``: of ``agreement``, led by ``unit``;
- ``task``: of ``commitment``, ``unit`` responsible, due in ten days;
- ``other_agreement``/``other_commitment``/``other_task``: the same for ``other_unit``,
  on another agreement, so that ``unit`` has no part in them;
- ``request_for_unit``: a letter about ``task`` to ``unit``, answer due in a week;
- ``budget_line``: ``unit``'s line for ``commitment`` and ``task`` this fiscal year.
"""

import factory
import pytest
from django.test import Client

from agreements.models import Role
from agreements.models.budget import FundingSource
from agreements.models.followup import Priority
from agreements.services.budget import budget_line_create
from agreements.services.coordination import letter_answer, letter_send
from agreements.services.followup import commitment_create, progress_post, task_create

from ..clock import TODAY, days  # the package's tests import them from here
from ..factories import AgreementFactory, SectorFactory, UserFactory, WorkUnitFactory

# --- factories (through the services) -----------------------------------------------------


class CommitmentFactory(factory.Factory):
    """Calls commitment_create; pass ``agreement``, ``actor`` and usually ``lead_unit``."""

    class Meta:
        model = dict

    actor = factory.SubFactory(UserFactory, role=Role.BIRO)
    agreement = factory.LazyAttribute(lambda o: AgreementFactory(actor=o.actor))
    sector = factory.LazyAttribute(lambda o: o.agreement.sectors.order_by("pk").first())
    title = factory.Sequence(lambda n: f"Bidang kerja sama uji {n}")
    description = ""
    lead_unit = factory.LazyAttribute(lambda o: o.agreement.coordinating_unit)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return commitment_create(**kwargs)


class TaskFactory(factory.Factory):
    """Calls task_create; the responsible unit defaults to the commitment's lead unit."""

    class Meta:
        model = dict

    actor = factory.SubFactory(UserFactory, role=Role.BIRO)
    commitment = factory.LazyAttribute(lambda o: CommitmentFactory(actor=o.actor))
    responsible_unit = factory.LazyAttribute(lambda o: o.commitment.lead_unit)
    title = factory.Sequence(lambda n: f"Tindak lanjut uji {n}")
    description = ""
    due_date = factory.LazyFunction(lambda: days(10))
    priority = Priority.NORMAL

    @classmethod
    def _create(cls, model_class, **kwargs):
        return task_create(**kwargs)


class RequestFactory(factory.Factory):
    """Calls letter_send for one unit and returns that unit's request."""

    class Meta:
        model = dict

    actor = factory.SubFactory(UserFactory, role=Role.BIRO)
    agreement = factory.LazyAttribute(lambda o: AgreementFactory(actor=o.actor))
    work_unit = factory.LazyAttribute(lambda o: o.agreement.coordinating_unit)
    letter_number = factory.Sequence(lambda n: f"070/{n:03d}/BAK/2026")
    subject = factory.Sequence(lambda n: f"Permintaan data uji {n}")
    message = "Mohon disampaikan data perkembangan tindak lanjut."
    sent_on = factory.LazyFunction(lambda: days(-7))
    answer_due = factory.LazyFunction(lambda: days(7))
    task = None
    attachment = None

    @classmethod
    def _create(cls, model_class, work_unit, **kwargs):
        (request,) = letter_send(work_units=[work_unit], **kwargs)
        return request


class BudgetLineFactory(factory.Factory):
    """Calls budget_line_create; the work unit defaults to the commitment's lead unit."""

    class Meta:
        model = dict

    actor = factory.SubFactory(UserFactory, role=Role.BIRO)
    commitment = factory.LazyAttribute(lambda o: CommitmentFactory(actor=o.actor))
    task = None
    work_unit = factory.LazyAttribute(lambda o: o.commitment.lead_unit)
    fiscal_year = TODAY.year
    source = FundingSource.APBD
    amount_requested = 250_000_000
    amount_allocated = 150_000_000
    amount_spent = 0
    note = ""

    @classmethod
    def _create(cls, model_class, **kwargs):
        return budget_line_create(**kwargs)


def post_progress(
    task, *, actor, on=None, text="Kemajuan dilaporkan.", percent=50, status="", evidence=()
):
    """Post progress through the service with the task's current version."""
    task.refresh_from_db()
    return progress_post(
        task=task,
        actor=actor,
        expected_version=task.version,
        date=on or TODAY,
        text=text,
        percent_complete=percent,
        status_change=status,
        evidence=evidence,
    )


def answer(request, *, actor, text="Data terlampir."):
    """Answer a request through the service with its current version."""
    request.refresh_from_db()
    return letter_answer(
        letter=request, actor=actor, answer_text=text, expected_version=request.version
    )


def client_as(user, *, language=None) -> Client:
    """A client signed in as ``user`` (None: anonymous), optionally in ``language``."""
    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client


# --- the world ----------------------------------------------------------------------------


@pytest.fixture
def sector(agreement):
    return agreement.sectors.get()


@pytest.fixture
def commitment(agreement, biro, unit, sector):
    return CommitmentFactory(
        agreement=agreement,
        actor=biro,
        sector=sector,
        title="Pengembangan agribisnis jagung",
        lead_unit=unit,
    )


@pytest.fixture
def task(commitment, biro, unit):
    return TaskFactory(
        commitment=commitment,
        actor=biro,
        responsible_unit=unit,
        title="Uji coba varietas jagung",
        due_date=days(10),
    )


@pytest.fixture
def other_agreement(biro, other_unit):
    return AgreementFactory(
        actor=biro,
        coordinating_unit=other_unit,
        title="Kerja sama pariwisata uji",
        sectors=[SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism")],
    )


@pytest.fixture
def other_commitment(other_agreement, biro, other_unit):
    return CommitmentFactory(
        agreement=other_agreement,
        actor=biro,
        title="Promosi wisata bersama",
        lead_unit=other_unit,
    )


@pytest.fixture
def other_task(other_commitment, biro, other_unit):
    return TaskFactory(
        commitment=other_commitment,
        actor=biro,
        responsible_unit=other_unit,
        title="Pameran wisata bersama",
        due_date=days(20),
    )


@pytest.fixture
def request_for_unit(agreement, task, biro, unit):
    return RequestFactory(
        agreement=agreement,
        actor=biro,
        work_unit=unit,
        task=task,
        letter_number="070/101/BAK/2026",
        subject="Jadwal uji coba varietas jagung",
        sent_on=days(-3),
        answer_due=days(7),
    )


@pytest.fixture
def budget_line(commitment, task, biro, unit):
    return BudgetLineFactory(
        commitment=commitment,
        task=task,
        actor=biro,
        work_unit=unit,
        amount_requested=250_000_000,
        amount_allocated=150_000_000,
        amount_spent=60_000_000,
    )


@pytest.fixture
def third_unit(db):
    return WorkUnitFactory(name="Dinas Kelautan dan Perikanan", abbreviation="DKP")
