"""The URL × role matrix of the portal: ONE table, one row per (URL name, request variant).

Every named URL of the portal's URLconfs (``cooperation``, ``agreements``) has at least one
row, or ``test_matrix.py`` fails naming the missing ones; the admin's URLs (and any other
third-party URLconf) follow one rule instead: staff only.

What to import (other tests iterate the rows: headers, fuzzing, content leaks):

- ``ROWS``: every ``Row``; ``row(name, variant="")`` finds one; ``ROLES``: the six roles;
- ``access_world``: the pytest fixture of the world the rows' paths are built from
  (available to every test through ``tests/conftest.py``); ``World`` is its type and
  ``world.client(role)`` a client signed in as that role (``force_login``);
- ``matches(response, expected)``/``describe(response)``: compare an answer with a cell;
- ``database_state()``: every domain record, to assert that a refused write changed nothing.

A cell (``Expect``, one per role, in ``ROLES`` order) is a status code, or a string: a 302
redirect to a path starting with it. The PDF rows render real PDFs unless the test asks
for ``stub_weasyprint`` (tests/reports/conftest.py), as test_matrix.py does.

To add a row: append ``Row(name, expect, args=…, query=…)`` below, in the block of its area;
a view writing records also gets ``write=`` (a valid POST: the refused-write tests send it
as every role the row refuses, and expect it to succeed for Bureau staff and, where the
officer's cell is a success, for the officer). A POST-only view is ``method="post"`` with
``data=`` (its body in the matrix). Reuse the named expectations when they fit.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import NamedTuple
from urllib.parse import urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    Contact,
    CoordinationRequest,
    Document,
    FollowUpTask,
    ImplementingAgreement,
    Partner,
    PksEvent,
    ProgressUpdate,
    ReportSnapshot,
    Sector,
    Stage,
    StageEvent,
    User,
    WorkUnit,
)
from agreements.services.calendar import calendar_token_reset
from agreements.services.documents import document_create
from agreements.services.pks import pks_create

from ..clock import TODAY
from ..evaluations import world as evaluations
from ..factories import PASSWORD, AgreementFactory, advance, pdf_upload
from ..followup.conftest import BudgetLineFactory, CommitmentFactory, RequestFactory, TaskFactory
from ..monitoring import world as monitoring
from ..reports_yearly import world as reports_yearly
from ..visits import world as visits

ROLES = ("anonymous", "biro", "officer", "stranger", "leader", "administrator")
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"

REPORT_PERIOD = {"start": "2026-01-01", "end": "2026-11-27"}


class Expect(NamedTuple):
    """What each role gets: a status code, or the start of a 302 redirect's target."""

    anonymous: int | str
    biro: int | str
    officer: int | str
    stranger: int | str
    leader: int | str
    administrator: int | str


def everyone(answer) -> Expect:
    return Expect(*(answer,) * len(ROLES))


def signed_in(answer) -> Expect:
    """Anonymous visitors go to the login page; every role gets ``answer``."""
    return Expect(LOGIN, *(answer,) * (len(ROLES) - 1))


PUBLIC = everyone(200)
ANYONE_SIGNED_IN = signed_in(200)
# The officer's unit takes part in the world's objects; the stranger's unit does not.
SCOPED_READ = Expect(LOGIN, 200, 200, 404, 200, 200)
SCOPED_WRITE = Expect(LOGIN, 200, 403, 404, 403, 403)
BUREAU_ONLY = Expect(LOGIN, 200, 403, 403, 403, 403)
# A page of the other unit: the stranger's own, hidden from the officer.
OTHER_UNITS = Expect(LOGIN, 200, 404, 200, 200, 200)
# Reports: every report for readers of everything, an officer their own unit's only.
READERS_OF_EVERYTHING = Expect(LOGIN, 200, 403, 403, 200, 200)
OWN_UNIT_REPORT = Expect(LOGIN, 200, 200, 403, 200, 200)
OTHER_UNIT_REPORT = Expect(LOGIN, 200, 403, 200, 200, 200)
# Evaluations: readers of every unit; an officer (of any unit) sees none of them.
EVALUATION_READ = Expect(LOGIN, 200, 404, 404, 200, 200)
EVALUATION_WRITE = Expect(LOGIN, 200, 404, 404, 403, 403)
POST_ONLY = signed_in(405)


# --- the world ------------------------------------------------------------------------------


@dataclass
class World:
    """The objects the rows point at. ``unit`` (the officer's) takes part in ``agreement``;
    ``other_unit`` (the stranger's) takes part in nothing.

    - ``agreement``: at the LoI, coordinated by ``unit``; ``document`` is its minutes;
    - ``commitment`` (led by ``unit``), ``task`` (``unit`` responsible, due in 10 days),
      ``request`` (a letter to ``unit`` about ``task``), ``line`` (``unit``'s budget line);
    - ``snapshot``: October's archived portfolio report;
    - the officer and Bureau staff have a calendar address;
    - ``mou``: an MoU in force coordinated by ``unit``, with ``pks``, ``unit``'s draft PKS.
    """

    users: dict
    agreement: Agreement
    document: Document
    commitment: Commitment
    task: FollowUpTask
    request: CoordinationRequest
    line: BudgetLine
    snapshot: ReportSnapshot
    unit: WorkUnit
    other_unit: WorkUnit
    mou: Agreement | None = None
    pks: ImplementingAgreement | None = None
    # Issue 12: ``mou``'s 2025 evaluation, completed; its 2026 one, a draft.
    evaluation: object = None
    draft_evaluation: object = None
    # The visits area (tests/visits/world.py): a mission abroad with a participant of
    # ``unit``, and a counterpart entry of ``agreement``.
    visit: object = None
    counterpart: object = None
    # The monitoring area (tests/monitoring/world.py): ``mou``'s 2026 work plan and its
    # activity of ``unit``, not yet a task.
    work_plan: object = None
    activity: object = None

    @property
    def officer(self) -> User:
        return self.users["officer"]

    @property
    def sector(self) -> Sector:
        return self.agreement.sectors.order_by("pk").first()

    def user(self, role: str) -> User | None:
        return self.users[role]

    def client(self, role: str) -> Client:
        """A client signed in as ``role`` with ``force_login`` (anonymous: not signed in)."""
        client = Client()
        if self.users[role] is not None:
            # A fresh copy: logging in sets last_login on it, which a savepoint rolls back
            # in the database but not in the world's objects.
            client.force_login(User.objects.get(pk=self.users[role].pk))
        return client


def build_world(*, users: dict, agreement: Agreement, unit: WorkUnit, other_unit: WorkUnit):
    biro = users["biro"]
    advance(agreement, actor=biro, to=Stage.LOI)
    document = document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("minutes.pdf"),
        kind="minutes",
        title="Minutes of the first visit",
    )
    commitment = CommitmentFactory(
        agreement=agreement,
        actor=biro,
        sector=agreement.sectors.order_by("pk").first(),
        title="Pengembangan agribisnis jagung",
        lead_unit=unit,
    )
    task = TaskFactory(
        commitment=commitment,
        actor=biro,
        responsible_unit=unit,
        title="Uji coba varietas jagung",
        due_date=date(2026, 12, 7),
    )
    request = RequestFactory(
        agreement=agreement,
        actor=biro,
        work_unit=unit,
        task=task,
        letter_number="070/101/BAK/2026",
        subject="Jadwal uji coba varietas jagung",
        sent_on=date(2026, 11, 24),
        answer_due=date(2026, 12, 4),
    )
    line = BudgetLineFactory(
        commitment=commitment,
        task=task,
        actor=biro,
        work_unit=unit,
        amount_requested=250_000_000,
        amount_allocated=150_000_000,
        amount_spent=60_000_000,
    )
    content = b"%PDF-1.7\n% archived\n%%EOF\n"
    snapshot = ReportSnapshot(
        month=date(2026, 10, 1), as_of=date(2026, 10, 31), pages=1, size=len(content)
    )
    snapshot.file.save("laporan-status-kerja-sama-2026-10.pdf", ContentFile(content))
    mou = advance(
        AgreementFactory(
            actor=biro, coordinating_unit=unit, partner=agreement.partner, title="MoU Uji PKS"
        ),
        actor=biro,
        to=Stage.MOU,
    )
    pks = pks_create(
        agreement=mou,
        actor=biro,
        title="PKS Uji Pertanian",
        work_unit=unit,
        counterpart="Department of Agriculture of the partner",
        counterpart_native_name="农业农村厅",
        drafted_on=date(2024, 10, 1),
    )
    visit, counterpart = visits.visits_world(biro=biro, agreement=agreement, unit=unit, task=task)
    evaluation, draft_evaluation = evaluations.evaluations_world(mou=mou, biro=biro)
    work_plan, activity = monitoring.monitoring_world(biro=biro, mou=mou, unit=unit)
    calendar_token_reset(user=users["officer"])
    calendar_token_reset(user=biro)
    for user in users.values():
        if user is not None:
            user.refresh_from_db()
    return World(
        users=users,
        agreement=agreement,
        document=document,
        commitment=commitment,
        task=task,
        request=request,
        line=line,
        snapshot=snapshot,
        unit=unit,
        other_unit=other_unit,
        mou=mou,
        pks=pks,
        evaluation=evaluation,
        draft_evaluation=draft_evaluation,
        visit=visit,
        counterpart=counterpart,
        work_plan=work_plan,
        activity=activity,
    )


@pytest.fixture
def access_world(
    clock,
    media_root,
    fast_passwords,
    biro,
    officer,
    stranger,
    leader,
    administrator,
    agreement,
    unit,
    other_unit,
) -> World:
    """The world of the URL × role matrix (see ``World``), with the clock at ``NOW``."""
    users = {
        "anonymous": None,
        "biro": biro,
        "officer": officer,
        "stranger": stranger,
        "leader": leader,
        "administrator": administrator,
    }
    return build_world(users=users, agreement=agreement, unit=unit, other_unit=other_unit)


# --- rows -----------------------------------------------------------------------------------


def no_args(world: World) -> list:
    return []


@dataclass(frozen=True)
class Row:
    """One request of the matrix and what every role gets for it.

    ``name``: the URL name with its namespace; ``args(world)``: its arguments;
    ``query(world)``: a query string; ``data(world)``: the body of a POST row;
    ``write(world)``: a valid POST to this URL that changes domain records when allowed.
    """

    name: str
    expect: Expect
    args: Callable[[World], list] = no_args
    method: str = "get"
    query: Callable[[World], dict] | None = None
    data: Callable[[World], dict] | None = None
    write: Callable[[World], dict] | None = None
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def path(self, world: World) -> str:
        path = reverse(self.name, args=self.args(world))
        if self.query is not None:
            path = f"{path}?{urlencode(self.query(world), doseq=True)}"
        return path

    def send(self, client: Client, world: World):
        """The row's own request: a GET, or a POST of ``data``."""
        if self.method == "post":
            return client.post(self.path(world), self.data(world) if self.data else {})
        return client.get(self.path(world))

    def expected(self, role: str):
        return getattr(self.expect, role)

    def refuses(self, role: str) -> bool:
        """The role is sent to the login page or answered with an error."""
        answer = self.expected(role)
        return answer == LOGIN if isinstance(answer, str) else answer >= 400

    def lets_write(self, role: str) -> bool:
        """The role's answer is a success: the page (200) or a redirect after the write."""
        answer = self.expected(role)
        return answer != LOGIN if isinstance(answer, str) else answer == 200


def matches(response, expected) -> bool:
    if isinstance(expected, str):
        return response.status_code == 302 and response["Location"].startswith(expected)
    return response.status_code == expected


def describe(response) -> str:
    if 300 <= response.status_code < 400:
        return f"{response.status_code} → {response.get('Location')}"
    return str(response.status_code)


# --- valid POSTs (each changes something when the role may write) ---------------------------


def _sector(w):
    return Sector.objects.get(code="pertanian").pk


def agreement_create_post(w):
    return {
        "title": "Kerja sama baru",
        "partner": w.agreement.partner_id,
        "kind": "other",
        "sectors": [_sector(w)],
        "coordinating_unit": w.unit.pk,
        "summary": "",
        "first_contact_date": "2026-01-05",
    }


def agreement_edit_post(w):
    return {
        "title": "Judul yang diubah",
        "partner": w.agreement.partner_id,
        "kind": "other",
        "sectors": [_sector(w)],
        "coordinating_unit": w.other_unit.pk,
        "summary": "Changed.",
    }


def contact_post(w):
    return {
        "date": "2026-01-06",
        "kind": "meeting",
        "initiator_type": "official",
        "participants": "Biro AK",
        "attachment": pdf_upload("minutes.pdf"),
    }


def document_post(w):
    return {"kind": "report", "title": "Report", "file": pdf_upload("report.pdf")}


def plan_step_post(w):
    return {"date": "2024-04-01", "document": pdf_upload("plan.pdf")}


def hand_over_post(w):
    return {"holder": "dprd", "date": "2024-05-02", "reference_number": "050/123/BAK/2024"}


def several_steps_post(w):
    return {
        "through": "dprd",
        "plan-date": "2024-04-01",
        "plan-document": pdf_upload("plan.pdf"),
        "dprd-date": "2024-06-03",
        "dprd-reference_number": "12/KEP/DPRD/2024",
    }


def correction_post(w):
    # The form names the step it undoes (issue 8 §4): the world's LoI.
    loi = w.agreement.stage_events.get(action="loi")
    return {"reason": "Recorded on the wrong agreement.", "event": loi.pk}


def partner_create_post(w):
    return {"name": "Okinawa", "native_name": "沖縄県", "country": "Jepang", "level": "prefecture"}


def partner_edit_post(w):
    return {"name": "Renamed", "native_name": "", "country": "Tiongkok", "level": "province"}


def commitment_post(title):
    def build(w):
        return {"sector": w.commitment.sector_id, "title": title, "lead_unit": w.unit.pk}

    return build


def task_create_post(w):
    return {
        "title": "Tugas baru",
        "responsible_unit": w.unit.pk,
        "due_date": "2026-12-27",
        "priority": "high",
    }


def task_edit_post(w):
    return {
        **task_create_post(w),
        "title": "Tugas diubah",
        "status": "blocked",
        "version": w.task.version,
    }


def progress_data(w):
    return {
        "version": w.task.version,
        "date": TODAY.isoformat(),
        "text": "Lahan uji coba disiapkan.",
        "percent_complete": 30,
        "status_change": "in_progress",
    }


def progress_with_evidence_post(w):
    return {
        **progress_data(w),
        "status_change": "done",
        "percent_complete": 100,
        "evidence": pdf_upload("laporan.pdf"),
    }


def letter_create_post(w):
    return {
        "agreement": w.agreement.pk,
        "work_units": [w.unit.pk],
        "letter_number": "070/999/BAK/2026",
        "subject": "Permintaan baru",
        "message": "Mohon data.",
        "sent_on": TODAY.isoformat(),
        "answer_due": "2026-12-11",
    }


def answer_post(w):
    return {"version": w.request.version, "answer_text": "Jadwal uji coba terlampir."}


def budget_create_post(w):
    return {
        "fiscal_year": TODAY.year,
        "work_unit": w.unit.pk,
        "commitment": w.commitment.pk,
        "task": w.task.pk,
        "source": "apbd",
        "amount_requested": 100_000_000,
        "amount_allocated": 50_000_000,
        "amount_spent": 0,
    }


def budget_edit_post(w):
    return {
        "fiscal_year": w.line.fiscal_year,
        "work_unit": w.unit.pk,
        "commitment": w.commitment.pk,
        "task": w.task.pk,
        "source": "apbd",
        "amount_requested": w.line.amount_requested,
        "amount_allocated": w.line.amount_allocated,
        "amount_spent": 99_000_000,
        "version": w.line.version,
    }


def pks_create_post(w):
    return {
        "title": "PKS Uji Baru",
        "work_unit": w.unit.pk,
        "counterpart": "Department of Culture and Tourism",
        "counterpart_native_name": "文化和旅游厅",
        "drafted_on": "2024-11-01",
    }


def pks_edit_post(w):
    return {
        "title": "PKS Uji Diubah",
        "work_unit": w.unit.pk,
        "counterpart": "Department of Agriculture",
        "summary": "Changed.",
    }


def pks_review_post(w):
    return {"date": "2024-10-15", "note": "Sesuai."}


def on_pks_step(action):
    return lambda w: [w.pks.pk, action]


def empty_post(w):
    return {}


def mark_all_read_post(w):
    return {"all": "1"}


def profile_post(w):
    return {
        "first_name": "Nama Baru",
        "last_name": "Diubah",
        "email": "alamat.baru@example.org",
        "current_password": PASSWORD,
    }


def password_change_post(w):
    new = "Sebuah kalimat sandi baru 2026"
    return {"old_password": PASSWORD, "new_password1": new, "new_password2": new}


def password_reset_post(w):
    return {"email": w.officer.email}


def reset_link(*, valid: bool):
    """The officer's password-reset link, or one with a wrong token."""

    def build(w):
        officer = User.objects.get(pk=w.officer.pk)  # the token reads its last login
        uid = urlsafe_base64_encode(force_bytes(officer.pk))
        return [uid, default_token_generator.make_token(officer) if valid else "bad-token"]

    return build


def report(kind, **choice):
    """The query of a report over the period, ``choice`` naming the world's object."""

    def build(w):
        chosen = {key: getattr(w, attr).pk for key, attr in choice.items()}
        return {"report": kind, **REPORT_PERIOD, **chosen}

    return build


def exports(name, expect):
    return [
        Row(name, expect, query=lambda w, k=k: {"export": k}, variant=k) for k in ("csv", "xlsx")
    ]


# --- the table ------------------------------------------------------------------------------


def on_agreement(w):
    return [w.agreement.pk]


def on_partner(w):
    return [w.agreement.partner_id]


def on_commitment(w):
    return [w.commitment.pk]


def on_task(w):
    return [w.task.pk]


def on_letter(w):
    return [w.request.pk]


ROWS: list[Row] = [
    # The site (cooperation/urls.py).
    Row("home", Expect(LOGIN, "/agreements/", "/tasks/", "/tasks/", "/dashboard/", "/agreements/")),
    Row("healthz", PUBLIC),
    Row("login", PUBLIC),
    Row("logout", everyone(LOGIN), method="post"),
    Row("set_language", everyone("/"), method="post"),
    Row("session_expired", PUBLIC),
    # One's own account: self-service for every role (Django's password views).
    Row("password_change", ANYONE_SIGNED_IN, write=password_change_post),
    Row("password_change_done", ANYONE_SIGNED_IN),
    Row("password_reset", PUBLIC),
    Row(
        "password_reset",
        everyone("/accounts/password/reset/sent/"),
        method="post",
        data=password_reset_post,
        variant="e-mail sent",
    ),
    Row("password_reset_done", PUBLIC),
    Row("password_reset_confirm", PUBLIC, reset_link(valid=False), variant="invalid link"),
    # A valid link goes on to the page that sets the password (the token moves to the session).
    Row(
        "password_reset_confirm",
        everyone("/accounts/password/reset/"),
        reset_link(valid=True),
        variant="valid link",
    ),
    Row("password_reset_complete", PUBLIC),
    Row("agreements:account", ANYONE_SIGNED_IN, write=profile_post),
    # One's own notifications: the page, and "mark all read".
    Row("agreements:notifications", ANYONE_SIGNED_IN),
    Row(
        "agreements:notifications",
        signed_in("/notifications/"),
        method="post",
        data=mark_all_read_post,
        variant="mark all read",
    ),
    Row("agreements:account_logout_everywhere", signed_in(405), variant="GET"),
    Row(
        "agreements:account_logout_everywhere",
        signed_in("/account/"),
        method="post",
        data=empty_post,
        write=empty_post,
    ),
    # Two-factor authentication, for a user who has not set it up (the world's people).
    Row("agreements:two_factor_enrol", ANYONE_SIGNED_IN),
    Row(
        "agreements:two_factor_enrol",
        signed_in("/account/two-factor/enrol/"),
        method="post",
        data=lambda w: {"start": "1"},
        variant="start",
    ),
    Row("agreements:two_factor_backup_codes", signed_in("/account/two-factor/enrol/")),
    Row("agreements:two_factor_verify", signed_in("/")),
    Row("agreements:two_factor_disable", signed_in("/account/")),
    # Agreements, partners, work units.
    Row("agreements:list", ANYONE_SIGNED_IN),
    *exports("agreements:list", ANYONE_SIGNED_IN),
    Row("agreements:detail", SCOPED_READ, on_agreement),
    Row("agreements:create", BUREAU_ONLY, write=agreement_create_post),
    Row("agreements:edit", SCOPED_WRITE, on_agreement, write=agreement_edit_post),
    Row("agreements:contact_create", SCOPED_WRITE, on_agreement, write=contact_post),
    Row("agreements:document_create", SCOPED_WRITE, on_agreement, write=document_post),
    Row(
        "agreements:stage_step",
        SCOPED_WRITE,
        lambda w: [w.agreement.pk, "loi"],
        variant="step already taken",
    ),
    Row(
        "agreements:stage_step",
        SCOPED_WRITE,
        lambda w: [w.agreement.pk, "plan"],
        write=plan_step_post,
        variant="next step",
    ),
    Row("agreements:stage_several", SCOPED_WRITE, on_agreement, write=several_steps_post),
    Row("agreements:hand_over", SCOPED_WRITE, on_agreement, write=hand_over_post),
    # The Bureau holds the world's file: the page says there is no answer to wait for.
    Row("agreements:receive_answer", SCOPED_WRITE, on_agreement),
    Row("agreements:stage_correct", SCOPED_WRITE, on_agreement, write=correction_post),
    Row("agreements:document_download", SCOPED_READ, lambda w: [w.document.pk]),
    Row("agreements:partner_list", ANYONE_SIGNED_IN),
    *exports("agreements:partner_list", ANYONE_SIGNED_IN),
    Row("agreements:partner_detail", ANYONE_SIGNED_IN, on_partner),
    Row("agreements:partner_create", BUREAU_ONLY, write=partner_create_post),
    Row("agreements:partner_edit", BUREAU_ONLY, on_partner, write=partner_edit_post),
    Row("agreements:work_unit_list", ANYONE_SIGNED_IN),
    *exports("agreements:work_unit_list", ANYONE_SIGNED_IN),
    Row("agreements:work_unit_detail", SCOPED_READ, lambda w: [w.unit.pk], variant="own unit"),
    Row(
        "agreements:work_unit_detail",
        OTHER_UNITS,
        lambda w: [w.other_unit.pk],
        variant="other unit",
    ),
    # Follow-up: commitments and tasks.
    Row(
        "agreements:commitment_create",
        SCOPED_WRITE,
        on_agreement,
        write=commitment_post("Bidang baru"),
    ),
    Row(
        "agreements:commitment_edit",
        SCOPED_WRITE,
        on_commitment,
        write=commitment_post("Bidang diubah"),
    ),
    Row("agreements:task_create", SCOPED_WRITE, on_commitment, write=task_create_post),
    Row("agreements:task_list", ANYONE_SIGNED_IN),
    *exports("agreements:task_list", ANYONE_SIGNED_IN),
    Row("agreements:task_detail", SCOPED_READ, on_task),
    Row("agreements:task_edit", SCOPED_WRITE, on_task, write=task_edit_post),
    Row(
        "agreements:task_progress",
        Expect(LOGIN, "/tasks/", "/tasks/", 404, 403, 403),
        on_task,
        method="post",
        data=progress_data,
        write=progress_with_evidence_post,
    ),
    # Coordination requests.
    Row("agreements:letter_list", ANYONE_SIGNED_IN),
    *exports("agreements:letter_list", ANYONE_SIGNED_IN),
    Row("agreements:letter_create", BUREAU_ONLY, write=letter_create_post),
    Row("agreements:letter_detail", SCOPED_READ, on_letter),
    Row(
        "agreements:letter_answer",
        Expect(LOGIN, "/coordination/", "/coordination/", 404, 403, 403),
        on_letter,
        method="post",
        data=answer_post,
        write=answer_post,
    ),
    Row(
        "agreements:letter_receive",
        Expect(LOGIN, "/coordination/", 403, 404, 403, 403),
        on_letter,
        method="post",
        data=lambda w: {"version": w.request.version},
    ),
    # Budget: an officer records lines for their own unit (the stranger too, for theirs).
    Row("agreements:budget_list", ANYONE_SIGNED_IN),
    *exports("agreements:budget_list", ANYONE_SIGNED_IN),
    Row(
        "agreements:budget_create",
        Expect(LOGIN, 200, 200, 200, 403, 403),
        write=budget_create_post,
    ),
    Row(
        "agreements:budget_edit",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        lambda w: [w.line.pk],
        write=budget_edit_post,
    ),
    # Implementing agreements (PKS): the world's PKS is ``unit``'s draft under ``mou``.
    Row("agreements:pks_list", ANYONE_SIGNED_IN),
    *exports("agreements:pks_list", ANYONE_SIGNED_IN),
    Row(
        "agreements:pks_create",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        lambda w: [w.mou.pk],
        write=pks_create_post,
    ),
    Row("agreements:pks_detail", SCOPED_READ, lambda w: [w.pks.pk]),
    Row(
        "agreements:pks_edit",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        lambda w: [w.pks.pk],
        write=pks_edit_post,
    ),
    Row(
        "agreements:pks_step",
        SCOPED_WRITE,
        on_pks_step("reviewed"),
        write=pks_review_post,
        variant="review",
    ),
    Row("agreements:pks_step", SCOPED_WRITE, on_pks_step("authorised"), variant="authorise"),
    Row(
        "agreements:pks_step",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        on_pks_step("signed"),
        variant="sign, not yet possible",
    ),
    Row(
        "agreements:pks_step",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        on_pks_step("addendum"),
        variant="addendum, not yet possible",
    ),
    Row("agreements:pks_step", SCOPED_WRITE, on_pks_step("terminated"), variant="terminate"),
    Row(
        "agreements:pks_step",
        Expect(LOGIN, 404, 404, 404, 404, 404),
        on_pks_step("expired"),
        variant="expiry, by the portal only",
    ),
    Row("agreements:pks_correct", SCOPED_WRITE, lambda w: [w.pks.pk]),
    Row(
        "agreements:pks_document_create",
        Expect(LOGIN, 200, 200, 404, 403, 403),
        lambda w: [w.pks.pk],
        write=document_post,
    ),
    # Visits and delegations; the counterpart directory (personal data: Bureau staff and the
    # agreement's units only, never Leadership or Administrators).
    Row("agreements:visit_list", ANYONE_SIGNED_IN),
    *exports("agreements:visit_list", ANYONE_SIGNED_IN),
    Row("agreements:visit_create", SCOPED_WRITE, on_agreement, write=visits.visit_create_post),
    Row("agreements:visit_detail", SCOPED_READ, lambda w: [w.visit.pk]),
    Row(
        "agreements:visit_edit",
        SCOPED_WRITE,
        lambda w: [w.visit.pk],
        write=visits.visit_edit_post,
    ),
    Row(
        "agreements:visit_document_create",
        SCOPED_WRITE,
        lambda w: [w.visit.pk],
        write=visits.visit_document_post,
    ),
    Row("agreements:counterpart_list", Expect(LOGIN, 200, 200, 404, 403, 403), on_agreement),
    Row(
        "agreements:counterpart_create",
        SCOPED_WRITE,
        on_agreement,
        write=visits.counterpart_post,
    ),
    Row(
        "agreements:counterpart_edit",
        SCOPED_WRITE,
        lambda w: [w.counterpart.pk],
        write=visits.counterpart_post,
    ),
    Row(
        "agreements:counterpart_remove",
        SCOPED_WRITE,
        lambda w: [w.counterpart.pk],
        write=visits.counterpart_remove_post,
    ),
    # Annual work plans (issue 12): Bureau staff plan; a unit's officer reads its part.
    Row(
        "agreements:work_plan_create",
        SCOPED_WRITE,
        lambda w: [w.mou.pk],
        write=monitoring.work_plan_create_post,
    ),
    Row(
        "agreements:pks_work_plan_create",
        SCOPED_WRITE,
        lambda w: [w.pks.pk],
        variant="a draft PKS: not yet possible",
    ),
    Row("agreements:work_plan_detail", SCOPED_READ, lambda w: [w.work_plan.pk]),
    Row(
        "agreements:work_plan_edit",
        SCOPED_WRITE,
        lambda w: [w.work_plan.pk],
        write=monitoring.work_plan_edit_post,
    ),
    Row(
        "agreements:activity_create",
        SCOPED_WRITE,
        lambda w: [w.work_plan.pk],
        write=monitoring.activity_create_post,
    ),
    Row(
        "agreements:activity_edit",
        SCOPED_WRITE,
        lambda w: [w.activity.pk],
        write=monitoring.activity_edit_post,
    ),
    Row("agreements:activity_remove", POST_ONLY, lambda w: [w.activity.pk], variant="GET"),
    Row(
        "agreements:activity_remove",
        Expect(LOGIN, "/work-plans/", 403, 404, 403, 403),
        lambda w: [w.activity.pk],
        method="post",
        data=monitoring.empty_post,
        write=monitoring.empty_post,
    ),
    Row("agreements:activity_task", POST_ONLY, lambda w: [w.activity.pk], variant="GET"),
    Row(
        "agreements:activity_task",
        Expect(LOGIN, "/tasks/", 403, 404, 403, 403),
        lambda w: [w.activity.pk],
        method="post",
        data=monitoring.empty_post,
        write=monitoring.empty_post,
    ),
    # Annual evaluations (issue 12): Bureau staff write them, readers of every unit read
    # them, an officer sees none (404); Leadership's one write here is the sign-off.
    Row(
        "agreements:evaluation_create",
        SCOPED_WRITE,
        lambda w: [w.mou.pk],
        query=lambda w: {"year": 2024},
        write=evaluations.evaluation_create_post,
    ),
    Row(
        "agreements:pks_evaluation_create",
        SCOPED_WRITE,
        lambda w: [w.pks.pk],
        variant="a draft PKS: not yet possible",
    ),
    Row("agreements:evaluation_detail", EVALUATION_READ, lambda w: [w.evaluation.pk]),
    Row(
        "agreements:evaluation_detail",
        EVALUATION_READ,
        lambda w: [w.draft_evaluation.pk],
        variant="draft",
    ),
    Row("agreements:evaluation_pdf", EVALUATION_READ, lambda w: [w.evaluation.pk]),
    Row(
        "agreements:evaluation_edit",
        EVALUATION_WRITE,
        lambda w: [w.draft_evaluation.pk],
        write=evaluations.evaluation_edit_post,
    ),
    Row(
        "agreements:evaluation_edit",
        EVALUATION_WRITE,
        lambda w: [w.evaluation.pk],
        variant="completed: no longer editable",
    ),
    Row(
        "agreements:evaluation_complete",
        POST_ONLY,
        lambda w: [w.draft_evaluation.pk],
        variant="GET",
    ),
    Row(
        "agreements:evaluation_complete",
        Expect(LOGIN, "/evaluations/", 404, 404, 403, 403),
        lambda w: [w.draft_evaluation.pk],
        method="post",
        data=empty_post,
        write=empty_post,
    ),
    Row("agreements:evaluation_sign_off", POST_ONLY, lambda w: [w.evaluation.pk], variant="GET"),
    # No ``write=``: the refused-write tests expect Bureau staff to succeed, and here only
    # Leadership may (tests/evaluations/test_access.py checks every role's POST).
    Row(
        "agreements:evaluation_sign_off",
        Expect(LOGIN, 403, 404, 404, "/evaluations/", 403),
        lambda w: [w.evaluation.pk],
        method="post",
        data=empty_post,
    ),
    # Dashboards.
    Row("agreements:dashboard", ANYONE_SIGNED_IN),
    # The pipeline page: every role reads it; an officer sees their unit's files only.
    Row("agreements:pipeline", ANYONE_SIGNED_IN),
    Row("agreements:dashboard_sector", ANYONE_SIGNED_IN, lambda w: [w.sector.code]),
    Row("agreements:dashboard_unit", SCOPED_READ, lambda w: [w.unit.pk], variant="own unit"),
    Row(
        "agreements:dashboard_unit", OTHER_UNITS, lambda w: [w.other_unit.pk], variant="other unit"
    ),
    # Benefits: every role reads them; an officer only their unit's activities' figures.
    Row("agreements:benefits", ANYONE_SIGNED_IN),
    *exports("agreements:benefits", ANYONE_SIGNED_IN),
    # Reports.
    Row("agreements:reports", ANYONE_SIGNED_IN),
    Row(
        "agreements:report_preview",
        READERS_OF_EVERYTHING,
        query=report("portfolio"),
        variant="portfolio",
    ),
    Row(
        "agreements:report_preview",
        READERS_OF_EVERYTHING,
        query=report("agreement", agreement="agreement"),
        variant="agreement",
    ),
    Row(
        "agreements:report_preview",
        OWN_UNIT_REPORT,
        query=report("work_unit", work_unit="unit"),
        variant="own unit",
    ),
    Row(
        "agreements:report_preview",
        OTHER_UNIT_REPORT,
        query=report("work_unit", work_unit="other_unit"),
        variant="other unit",
    ),
    Row(
        "agreements:report_pdf",
        READERS_OF_EVERYTHING,
        query=report("portfolio"),
        variant="portfolio",
    ),
    Row(
        "agreements:report_pdf",
        READERS_OF_EVERYTHING,
        query=report("agreement", agreement="agreement"),
        variant="agreement",
    ),
    Row(
        "agreements:report_pdf",
        OWN_UNIT_REPORT,
        query=report("work_unit", work_unit="unit"),
        variant="own unit",
    ),
    Row(
        "agreements:report_pdf",
        OTHER_UNIT_REPORT,
        query=report("work_unit", work_unit="other_unit"),
        variant="other unit",
    ),
    # Saving the month's snapshot: Leadership's one write, shared with the Bureau.
    Row("agreements:snapshot_create", signed_in(405), variant="GET"),
    Row(
        "agreements:snapshot_create",
        Expect(LOGIN, "/reports/", 403, 403, "/reports/", 403),
        method="post",
        data=empty_post,
        write=empty_post,
    ),
    Row(
        "agreements:snapshot_download",
        Expect(LOGIN, 200, 404, 404, 200, 200),
        lambda w: [w.snapshot.pk],
    ),
    # The reports owed upward (tests/reports_yearly): downloads for readers of everything,
    # the archive for Bureau staff only (not Leadership: its writes are elsewhere).
    Row("agreements:reports_yearly", READERS_OF_EVERYTHING),
    Row("agreements:reports_yearly_pdf", READERS_OF_EVERYTHING, query=reports_yearly.yearly_query),
    Row("agreements:reports_yearly_xlsx", READERS_OF_EVERYTHING, query=reports_yearly.yearly_query),
    Row("agreements:reports_yearly_lkpj", READERS_OF_EVERYTHING, query=reports_yearly.yearly_query),
    Row("agreements:reports_yearly_archive", signed_in(405), variant="GET"),
    Row(
        "agreements:reports_yearly_archive",
        Expect(LOGIN, "/reports/yearly/", 403, 403, 403, 403),
        method="post",
        data=reports_yearly.yearly_archive_post,
        write=reports_yearly.yearly_archive_post,
    ),
    Row(
        "agreements:reports_yearly_download",
        READERS_OF_EVERYTHING,
        lambda w: [reports_yearly.archived_yearly_report(w), "pdf"],
        variant="pdf",
    ),
    Row(
        "agreements:reports_yearly_download",
        READERS_OF_EVERYTHING,
        lambda w: [reports_yearly.archived_yearly_report(w), "xlsx"],
        variant="xlsx",
    ),
    # The calendar: one's own address, for every role.
    Row("agreements:calendar", ANYONE_SIGNED_IN),
    Row(
        "agreements:calendar_reset",
        signed_in("/calendar/"),
        method="post",
        data=empty_post,
        write=empty_post,
    ),
    Row(
        "agreements:calendar_revoke",
        signed_in("/calendar/"),
        method="post",
        data=empty_post,
        write=empty_post,
    ),
    # Token-authenticated: a phone calendar cannot log in; the token is the credential.
    Row("agreements:calendar_feed", PUBLIC, lambda w: [w.officer.calendar_token]),
]


# --- the URL configuration -------------------------------------------------------------------

PORTAL_PACKAGES = ("cooperation", "agreements")


@dataclass(frozen=True)
class NamedURL:
    """A named URL pattern, found by walking the resolver.

    ``portal``: it comes from a URLconf of the portal's own packages, so it needs rows; the
    others (the admin site, third-party URLconfs) fall under the staff-only rule."""

    name: str
    route: str
    portal: bool


def _urlconf_module(resolver: URLResolver) -> str | None:
    """The module a resolver's patterns are defined in; None for a list of patterns."""
    conf = resolver.urlconf_name
    if isinstance(conf, str):
        return conf
    if isinstance(conf, ModuleType):
        return conf.__name__
    return None


def named_urls(resolver: URLResolver | None = None, namespace="", route="", portal=True):
    """Every named URL pattern, recursively through the included URLconfs and namespaces."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            module = _urlconf_module(pattern)
            if pattern.app_name == "admin":
                inner_portal = False  # admin.site.urls: a list of the admin's own views
            elif module is None:
                inner_portal = portal  # an inline include([...]) belongs to its URLconf
            else:
                inner_portal = module.split(".")[0] in PORTAL_PACKAGES
            yield from named_urls(
                pattern,
                ":".join(part for part in (namespace, pattern.namespace) if part),
                route + str(pattern.pattern),
                inner_portal,
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield NamedURL(name=name, route=route + str(pattern.pattern), portal=portal)


def row(name: str, variant: str = "") -> Row:
    """The row of ``name`` (and ``variant``)."""
    return next(r for r in ROWS if r.name == name and r.variant == variant)


# --- the database, for "a refused write changes nothing" ------------------------------------

DOMAIN_MODELS = [
    Agreement,
    Contact,
    StageEvent,
    Document,
    Partner,
    Sector,
    WorkUnit,
    Commitment,
    FollowUpTask,
    ProgressUpdate,
    CoordinationRequest,
    BudgetLine,
    ReportSnapshot,
    ImplementingAgreement,
    PksEvent,
    *evaluations.EVALUATION_MODELS,
    *visits.VISIT_MODELS,
    *monitoring.MONITORING_MODELS,
    *reports_yearly.YEARLY_MODELS,
]


def database_state() -> dict:
    """Every domain record, field by field, with the audit trail's size and every field
    of the users (one's own account is a record too) but their last login."""
    state = {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in DOMAIN_MODELS
    }
    state["sectors of agreements"] = sorted(
        Agreement.sectors.through.objects.values_list("agreement_id", "sector_id")
    )
    state["history"] = {
        model._meta.label: model.history.count()
        for model in DOMAIN_MODELS
        if hasattr(model, "history")
    }
    state["users"] = [
        {key: value for key, value in user.items() if key != "last_login"}
        for user in User.objects.order_by("pk").values()
    ]
    return state
