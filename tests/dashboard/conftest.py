"""Fixtures of the dashboard tests, built through the services as the portal does.

The clock is frozen for every test here at Friday 27 November 2026, 10:00 WITA
(``NOW``/``TODAY``, as in tests/followup), so that dates relative to ``TODAY`` are stable.
The factories and helpers come from tests/followup/conftest.py; its fixtures are not
visible here, so the ones these tests need are declared again below.

Helpers:

- ``agreement_at(stage, since=…)``: an agreement brought to ``stage`` on the day ``since``;
- ``everything()``: a health.Scope over every record, as Leadership sees it;
- ``english(user)``: a client signed in as ``user`` with the English interface;
- ``row_text(html, testid, text)``: the words of the table row of ``testid`` containing
  ``text``, tags stripped, so assertions read like the page.
"""

import html as html_lib
import re
from datetime import date

import pytest

from agreements import health, lifecycle
from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    FollowUpTask,
    ProgressUpdate,
    Stage,
    StageAction,
)
from agreements.models.agreements import AgreementKind
from agreements.services.lifecycle import agreement_move_stage

from ..clock import NOW, TODAY, WITA, days
from ..factories import (
    AgreementFactory,
    SectorFactory,
    WorkUnitFactory,
    step_evidence,
)
from ..followup.conftest import (
    BudgetLineFactory,
    CommitmentFactory,
    RequestFactory,
    TaskFactory,
    answer,
    client_as,
    post_progress,
)

__all__ = [
    "NOW",
    "TODAY",
    "WITA",
    "BudgetLineFactory",
    "CommitmentFactory",
    "RequestFactory",
    "TaskFactory",
    "agreement_at",
    "answer",
    "client_as",
    "days",
    "english",
    "everything",
    "post_progress",
    "row_text",
]


# --- helpers ------------------------------------------------------------------------------


def agreement_at(stage, *, actor, since: date, valid_until: date | None = None, **fields):
    """An agreement in ``stage`` since ``since``, moved there through the lifecycle service
    along its kind's path (lifecycle.path_steps).

    The earlier steps are dated a year apart before ``since``; an MoU is valid until
    ``valid_until`` (five years by default)."""
    if stage == Stage.EXPLORATION:
        return AgreementFactory(actor=actor, first_contact_date=since, **fields)
    kind = fields.get("kind", AgreementKind.SISTER_PROVINCE)
    steps = [] if stage == Stage.DROPPED else lifecycle.path_steps(kind)
    targets = [step.to_stage for step in steps]
    steps = steps[: targets.index(stage) + 1] if stage in targets else []
    made = AgreementFactory(
        actor=actor,
        first_contact_date=date(since.year - len(steps) - 1, since.month, 1),
        **fields,
    )
    if stage == Stage.DROPPED:
        agreement_move_stage(
            agreement=made,
            actor=actor,
            action=StageAction.DROPPED,
            date=since,
            reason="Mitra tidak melanjutkan.",
        )
        return made
    mou_valid_until = valid_until or date(since.year + 5, since.month, 1)
    for index, step in enumerate(steps):
        years_before = len(steps) - 1 - index
        when = date(since.year - years_before, since.month, 1) if years_before else since
        evidence = {**step_evidence(step.action, mou_valid_until), "date": when}
        agreement_move_stage(agreement=made, actor=actor, action=step.action, **evidence)
    made.refresh_from_db()
    return made


def everything(fiscal_year: int = TODAY.year) -> health.Scope:
    """Every record, as Leadership sees it without filters."""
    return health.Scope(
        agreements=Agreement.objects.all(),
        commitments=Commitment.objects.all(),
        tasks=FollowUpTask.objects.all(),
        updates=ProgressUpdate.objects.all(),
        letters=CoordinationRequest.objects.all(),
        budget_lines=BudgetLine.objects.all(),
        fiscal_year=fiscal_year,
    )


def english(user):
    return client_as(user, language="en")


def text_of(fragment: str) -> str:
    """The words of an HTML fragment, tags stripped and whitespace squeezed."""
    words = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html_lib.unescape(words)).strip()


def row_text(page: str, testid: str, text: str) -> str:
    """The words of the first row of the table ``data-testid=testid`` that contains ``text``."""
    table = re.search(rf'data-testid="{testid}".*?</table>', page, re.S)
    assert table, f"no table {testid} on the page"
    for row in re.findall(r"<tr.*?</tr>", table.group(0), re.S):
        words = text_of(row)
        if text in words:
            return words
    raise AssertionError(f"no row with {text!r} in {testid}: {text_of(table.group(0))}")


def section_text(page: str, testid: str) -> str:
    """The words of the element ``data-testid=testid`` up to the end of its section/div."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(section|ul|table)>', page, re.S)
    assert match, f"no {testid} on the page"
    return text_of(match.group(1))


# --- the world ----------------------------------------------------------------------------


@pytest.fixture
def third_unit(db):
    return WorkUnitFactory(name="Dinas Kelautan dan Perikanan", abbreviation="DKP")


@pytest.fixture
def sector(db):
    return SectorFactory(code="pertanian", name="Pertanian", name_en="Agriculture")


@pytest.fixture
def other_sector(db):
    return SectorFactory(code="pariwisata", name="Pariwisata", name_en="Tourism")


@pytest.fixture
def mou(biro, unit, sector, other_sector):
    """An MoU in force until 2029 in two sectors, coordinated by ``unit``: never delayed
    nor expiring, so that only the follow-up makes its status."""
    return agreement_at(
        Stage.MOU,
        actor=biro,
        since=date(2024, 9, 2),
        coordinating_unit=unit,
        title="Sister Province Uji",
        sectors=[sector, other_sector],
    )
