"""Who may see and do what in the follow-up: every new view × every role, refused writes
that change nothing, cross-unit attempts, and the "takes part in" selector.

An object outside the user's scope answers 404 (to prevent information leakage), an
action the role may not take answers 403, anonymous users go to the login page.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from agreements import access
from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Document,
    FollowUpTask,
    ProgressUpdate,
    Role,
    User,
    WorkUnit,
)
from agreements.services.calendar import calendar_token_reset

from ..factories import AgreementFactory, UserFactory, WorkUnitFactory, pdf_upload
from .conftest import TODAY, CommitmentFactory, RequestFactory, TaskFactory, client_as, days

ROLES = ["anonymous", "biro", "officer", "stranger", "leader", "administrator"]
LOGIN = "/accounts/login/"

# The Foundation's URLs; every other name in agreements/urls.py is the follow-up's.


@dataclass
class World:
    agreement: Agreement
    commitment: Commitment
    task: FollowUpTask
    request: CoordinationRequest
    line: BudgetLine
    officer: User
    unit: WorkUnit


@pytest.fixture
def world(agreement, commitment, task, request_for_unit, budget_line, officer, unit):
    calendar_token_reset(user=officer)
    return World(agreement, commitment, task, request_for_unit, budget_line, officer, unit)


def user_for(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


# What each role gets, in ROLES order. A string is a redirect (302) to a path
# starting with it.
ANYONE_SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)
SCOPED_READ = (LOGIN, 200, 200, 404, 200, 200)
SCOPED_WRITE = (LOGIN, 200, 403, 404, 403, 403)
BUREAU_ONLY = (LOGIN, 200, 403, 403, 403, 403)


def progress_data(w):
    return {
        "version": w.task.version,
        "date": TODAY.isoformat(),
        "text": "Lahan uji coba disiapkan.",
        "percent_complete": 30,
        "status_change": "in_progress",
    }


def answer_data(w):
    return {"version": w.request.version, "answer_text": "Jadwal uji coba terlampir."}


# name: (method, path, POST data or None, expected per role)
VIEWS = {
    "commitment_create": (
        "get",
        lambda w: reverse("agreements:commitment_create", args=[w.agreement.pk]),
        None,
        SCOPED_WRITE,
    ),
    "commitment_edit": (
        "get",
        lambda w: reverse("agreements:commitment_edit", args=[w.commitment.pk]),
        None,
        SCOPED_WRITE,
    ),
    "task_create": (
        "get",
        lambda w: reverse("agreements:task_create", args=[w.commitment.pk]),
        None,
        SCOPED_WRITE,
    ),
    "task_list": ("get", lambda w: reverse("agreements:task_list"), None, ANYONE_SIGNED_IN),
    "task_detail": (
        "get",
        lambda w: reverse("agreements:task_detail", args=[w.task.pk]),
        None,
        SCOPED_READ,
    ),
    "task_edit": (
        "get",
        lambda w: reverse("agreements:task_edit", args=[w.task.pk]),
        None,
        SCOPED_WRITE,
    ),
    "task_progress": (
        "post",
        lambda w: reverse("agreements:task_progress", args=[w.task.pk]),
        progress_data,
        (LOGIN, "/tasks/", "/tasks/", 404, 403, 403),
    ),
    "request_list": (
        "get",
        lambda w: reverse("agreements:request_list"),
        None,
        ANYONE_SIGNED_IN,
    ),
    "request_create": (
        "get",
        lambda w: reverse("agreements:request_create"),
        None,
        BUREAU_ONLY,
    ),
    "request_detail": (
        "get",
        lambda w: reverse("agreements:request_detail", args=[w.request.pk]),
        None,
        SCOPED_READ,
    ),
    "request_answer": (
        "post",
        lambda w: reverse("agreements:request_answer", args=[w.request.pk]),
        answer_data,
        (LOGIN, "/coordination/", "/coordination/", 404, 403, 403),
    ),
    "budget_list": ("get", lambda w: reverse("agreements:budget_list"), None, ANYONE_SIGNED_IN),
    "budget_create": (
        "get",
        lambda w: reverse("agreements:budget_create"),
        None,
        # The stranger records lines for their own unit.
        (LOGIN, 200, 200, 200, 403, 403),
    ),
    "budget_edit": (
        "get",
        lambda w: reverse("agreements:budget_edit", args=[w.line.pk]),
        None,
        (LOGIN, 200, 200, 404, 403, 403),
    ),
    "calendar": ("get", lambda w: reverse("agreements:calendar"), None, ANYONE_SIGNED_IN),
    "calendar_reset": (
        "post",
        lambda w: reverse("agreements:calendar_reset"),
        lambda w: {},
        (LOGIN,) + ("/calendar/",) * 5,
    ),
    "calendar_revoke": (
        "post",
        lambda w: reverse("agreements:calendar_revoke"),
        lambda w: {},
        (LOGIN,) + ("/calendar/",) * 5,
    ),
    # Token-authenticated: a phone calendar cannot log in; the token is the credential.
    "calendar_feed": (
        "get",
        lambda w: reverse("agreements:calendar_feed", args=[w.officer.calendar_token]),
        None,
        (200,) * 6,
    ),
}

CASES = [
    pytest.param(name, role, expected, id=f"{name}-{role}")
    for name, (_, _, _, statuses) in VIEWS.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_it_answers_each_role_as_expected(request, world, name, role, expected):
    method, path, data, _ = VIEWS[name]
    client = client_as(user_for(request, role))

    response = client.get(path(world)) if method == "get" else client.post(path(world), data(world))

    if isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected


def test_it_sends_anonymous_users_to_the_login_page_with_the_way_back(world):
    path = reverse("agreements:task_detail", args=[world.task.pk])

    response = client_as(None).get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_it_answers_404_for_an_unknown_calendar_token(world):
    response = client_as(None).get(reverse("agreements:calendar_feed", args=["not-a-token"]))

    assert response.status_code == 404


# --- refused writes change nothing --------------------------------------------------------


def snapshot() -> dict:
    """Everything a follow-up POST could change, audit trail included."""
    return {
        "commitments": list(
            Commitment.objects.order_by("pk").values_list("pk", "title", "sector", "lead_unit")
        ),
        "tasks": list(
            FollowUpTask.objects.order_by("pk").values_list(
                "pk", "title", "status", "priority", "due_date", "completed_on", "version"
            )
        ),
        "progress_updates": ProgressUpdate.objects.count(),
        "documents": Document.objects.count(),
        "requests": list(
            CoordinationRequest.objects.order_by("pk").values_list(
                "pk", "letter_number", "answer_text", "answered_at", "answered_by", "version"
            )
        ),
        "budget_lines": list(
            BudgetLine.objects.order_by("pk").values_list(
                "pk", "work_unit", "amount_requested", "amount_allocated", "amount_spent", "version"
            )
        ),
        "history": [
            model.history.count()
            for model in (Commitment, FollowUpTask, ProgressUpdate, CoordinationRequest, BudgetLine)
        ],
        "calendar_tokens": list(User.objects.order_by("pk").values_list("pk", "calendar_token")),
    }


# name: (path, POST data); each POST would change something if it were allowed.
WRITES = {
    "commitment_create": (
        lambda w: reverse("agreements:commitment_create", args=[w.agreement.pk]),
        lambda w: {
            "sector": w.commitment.sector_id,
            "title": "Bidang baru",
            "lead_unit": w.unit.pk,
        },
    ),
    "commitment_edit": (
        lambda w: reverse("agreements:commitment_edit", args=[w.commitment.pk]),
        lambda w: {
            "sector": w.commitment.sector_id,
            "title": "Bidang diubah",
            "lead_unit": w.unit.pk,
        },
    ),
    "task_create": (
        lambda w: reverse("agreements:task_create", args=[w.commitment.pk]),
        lambda w: {
            "title": "Tugas baru",
            "responsible_unit": w.unit.pk,
            "due_date": days(30).isoformat(),
            "priority": "high",
        },
    ),
    "task_edit": (
        lambda w: reverse("agreements:task_edit", args=[w.task.pk]),
        lambda w: {
            "title": "Tugas diubah",
            "responsible_unit": w.unit.pk,
            "due_date": days(30).isoformat(),
            "priority": "high",
            "status": "blocked",
            "version": w.task.version,
        },
    ),
    "task_progress": (
        lambda w: reverse("agreements:task_progress", args=[w.task.pk]),
        lambda w: {
            **progress_data(w),
            "status_change": "done",
            "percent_complete": 100,
            "evidence": pdf_upload("laporan.pdf"),
        },
    ),
    "request_create": (
        lambda w: reverse("agreements:request_create"),
        lambda w: {
            "agreement": w.agreement.pk,
            "work_units": [w.unit.pk],
            "letter_number": "070/999/BAK/2026",
            "subject": "Permintaan baru",
            "message": "Mohon data.",
            "sent_on": TODAY.isoformat(),
            "answer_due": days(14).isoformat(),
        },
    ),
    "request_answer": (
        lambda w: reverse("agreements:request_answer", args=[w.request.pk]),
        answer_data,
    ),
    "budget_create": (
        lambda w: reverse("agreements:budget_create"),
        lambda w: {
            "fiscal_year": TODAY.year,
            "work_unit": w.unit.pk,
            "commitment": w.commitment.pk,
            "task": w.task.pk,
            "source": "apbd",
            "amount_requested": 100_000_000,
            "amount_allocated": 50_000_000,
            "amount_spent": 0,
        },
    ),
    "budget_edit": (
        lambda w: reverse("agreements:budget_edit", args=[w.line.pk]),
        lambda w: {
            "fiscal_year": w.line.fiscal_year,
            "work_unit": w.unit.pk,
            "commitment": w.commitment.pk,
            "task": w.task.pk,
            "source": "apbd",
            "amount_requested": w.line.amount_requested,
            "amount_allocated": w.line.amount_allocated,
            "amount_spent": 99_000_000,
            "version": w.line.version,
        },
    ),
    "calendar_reset": (lambda w: reverse("agreements:calendar_reset"), lambda w: {}),
    "calendar_revoke": (lambda w: reverse("agreements:calendar_revoke"), lambda w: {}),
}

REFUSED = [
    ("commitment_create", "anonymous", LOGIN),
    ("commitment_create", "officer", 403),
    ("commitment_create", "stranger", 404),
    ("commitment_create", "leader", 403),
    ("commitment_create", "administrator", 403),
    ("commitment_edit", "officer", 403),
    ("commitment_edit", "stranger", 404),
    ("commitment_edit", "leader", 403),
    ("commitment_edit", "administrator", 403),
    ("task_create", "anonymous", LOGIN),
    ("task_create", "officer", 403),
    ("task_create", "stranger", 404),
    ("task_create", "leader", 403),
    ("task_create", "administrator", 403),
    ("task_edit", "anonymous", LOGIN),
    ("task_edit", "officer", 403),
    ("task_edit", "stranger", 404),
    ("task_edit", "leader", 403),
    ("task_edit", "administrator", 403),
    ("task_progress", "anonymous", LOGIN),
    ("task_progress", "stranger", 404),
    ("task_progress", "leader", 403),
    ("task_progress", "administrator", 403),
    ("request_create", "anonymous", LOGIN),
    ("request_create", "officer", 403),
    ("request_create", "stranger", 403),
    ("request_create", "leader", 403),
    ("request_create", "administrator", 403),
    ("request_answer", "anonymous", LOGIN),
    ("request_answer", "stranger", 404),
    ("request_answer", "leader", 403),
    ("request_answer", "administrator", 403),
    ("budget_create", "anonymous", LOGIN),
    ("budget_create", "leader", 403),
    ("budget_create", "administrator", 403),
    ("budget_edit", "anonymous", LOGIN),
    ("budget_edit", "stranger", 404),
    ("budget_edit", "leader", 403),
    ("budget_edit", "administrator", 403),
    ("calendar_reset", "anonymous", LOGIN),
    ("calendar_revoke", "anonymous", LOGIN),
]


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in REFUSED],
)
def test_it_changes_nothing_on_a_refused_post(request, world, name, role, expected):
    path, data = WRITES[name]
    client = client_as(user_for(request, role))
    before = snapshot()

    response = client.post(path(world), data(world))

    if isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected
    assert snapshot() == before


@pytest.mark.parametrize("name", [n for n in WRITES if not n.startswith("calendar")])
def test_it_accepts_the_same_posts_from_the_bureau(world, biro, name):
    """The refused POSTs above are valid: what stops them is the role or the scope."""
    path, data = WRITES[name]
    before = snapshot()

    response = client_as(biro).post(path(world), data(world))

    assert response.status_code == 302
    assert snapshot() != before


@pytest.mark.parametrize("name", ["task_progress", "request_answer", "budget_create"])
def test_it_lets_the_officer_write_for_their_own_unit(world, officer, name):
    path, data = WRITES[name]
    before = snapshot()

    response = client_as(officer).post(path(world), data(world))

    assert response.status_code == 302
    assert snapshot() != before


def test_it_lets_the_officer_edit_their_units_budget_line(world, officer):
    path, data = WRITES["budget_edit"]

    response = client_as(officer).post(path(world), data(world))

    assert response.status_code == 302
    world.line.refresh_from_db()
    assert world.line.amount_spent == 99_000_000
    assert world.line.work_unit == world.unit


# --- cross-unit attempts ------------------------------------------------------------------


def budget_post(commitment, task=None, **extra):
    return {
        "fiscal_year": TODAY.year,
        "commitment": commitment.pk,
        "task": task.pk if task else "",
        "source": "apbd",
        "amount_requested": 100_000_000,
        "amount_allocated": 50_000_000,
        "amount_spent": 0,
        **extra,
    }


def test_it_refuses_an_officers_budget_line_naming_another_units_task(
    officer, commitment, other_task
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"), budget_post(commitment, other_task)
    )

    assert response.status_code == 200
    assert "task" in response.context["form"].errors
    assert not BudgetLine.objects.exists()


def test_it_refuses_an_officers_budget_line_for_a_commitment_outside_their_scope(
    officer, commitment, other_commitment
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"), budget_post(other_commitment)
    )

    assert response.status_code == 200
    assert "commitment" in response.context["form"].errors
    assert not BudgetLine.objects.exists()


def test_it_refuses_an_officers_edit_moving_a_line_to_another_units_task(
    officer, budget_line, other_task
):
    data = {
        **budget_post(other_task.commitment, other_task),
        "version": budget_line.version,
    }

    response = client_as(officer).post(
        reverse("agreements:budget_edit", args=[budget_line.pk]), data
    )

    assert response.status_code == 200
    assert {"commitment", "task"} <= set(response.context["form"].errors)
    budget_line.refresh_from_db()
    assert budget_line.commitment.lead_unit == officer.work_unit
    assert budget_line.version == 1


def test_it_records_an_officers_budget_line_for_their_own_unit_whatever_the_form_says(
    officer, unit, other_unit, commitment, task
):
    response = client_as(officer).post(
        reverse("agreements:budget_create"),
        budget_post(commitment, task, work_unit=other_unit.pk),
    )

    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.work_unit == unit
    assert not BudgetLine.objects.filter(work_unit=other_unit).exists()


def test_it_answers_404_to_an_officers_progress_on_another_units_task(officer, other_task):
    before = snapshot()

    response = client_as(officer).post(
        reverse("agreements:task_progress", args=[other_task.pk]),
        {
            "version": other_task.version,
            "date": TODAY.isoformat(),
            "text": "Bukan tugas kami.",
            "percent_complete": 100,
            "status_change": "done",
            "evidence": pdf_upload(),
        },
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_it_answers_404_to_an_officers_answer_to_another_units_request(
    officer, biro, other_agreement, other_unit
):
    other_request = RequestFactory(actor=biro, agreement=other_agreement, work_unit=other_unit)

    response = client_as(officer).post(
        reverse("agreements:request_answer", args=[other_request.pk]),
        {"version": other_request.version, "answer_text": "Jawaban palsu"},
    )

    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.answered_at is None
    assert other_request.answer_text == ""


def test_it_hides_another_units_tasks_from_the_officers_list(officer, task, other_task):
    response = client_as(officer).get(reverse("agreements:task_list"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [task]
    assert other_task.title not in response.content.decode()


# --- the "takes part in" selector ---------------------------------------------------------


@pytest.fixture
def outsider_agreement(biro):
    """An agreement coordinated by a unit of its own: nobody else takes part yet."""
    coordinator = WorkUnitFactory(name="Bappeda", abbreviation="Bappeda")
    return AgreementFactory(actor=biro, coordinating_unit=coordinator, title="Kerja sama lain")


@pytest.fixture
def dkp_officer(third_unit):
    return UserFactory(username="skpd-dkp", role=Role.SKPD, work_unit=third_unit)


def link_coordinating(agreement, unit, biro):
    Agreement.objects.filter(pk=agreement.pk).update(coordinating_unit=unit)


def link_lead(agreement, unit, biro):
    CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)


def link_responsible(agreement, unit, biro):
    commitment = CommitmentFactory(agreement=agreement, actor=biro)
    TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)


def link_addressee(agreement, unit, biro):
    RequestFactory(agreement=agreement, actor=biro, work_unit=unit)


@pytest.mark.parametrize("link", [link_coordinating, link_lead, link_responsible, link_addressee])
def test_it_makes_the_agreement_visible_to_a_unit_taking_part(
    link, biro, outsider_agreement, third_unit, dkp_officer
):
    link(outsider_agreement, third_unit, biro)

    response = client_as(dkp_officer).get(
        reverse("agreements:detail", args=[outsider_agreement.pk])
    )

    assert list(access.agreements_taking_part(third_unit)) == [outsider_agreement]
    assert response.status_code == 200


def test_it_does_not_count_sharing_a_sector_as_taking_part(
    biro, outsider_agreement, third_unit, dkp_officer
):
    third_unit.sectors.set(outsider_agreement.sectors.all())

    response = client_as(dkp_officer).get(
        reverse("agreements:detail", args=[outsider_agreement.pk])
    )

    assert not access.agreements_taking_part(third_unit).exists()
    assert response.status_code == 404
