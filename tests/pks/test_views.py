"""The PKS pages: every transition for every role through its URL, scope (another unit's
officer gets 404 everywhere), tasks and budget under a PKS in the inbox and the report,
the expiry and "outlives its MoU" badges, and flat query counts."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from agreements.models import Document, ImplementingAgreement, PksAction, PksStage, StageAction
from agreements.models.documents import DocumentKind
from agreements.selectors.pks import agreement_pks
from agreements.services.documents import document_create
from agreements.services.lifecycle import agreement_move_stage

from ..conftest import client_for
from ..factories import pdf_upload
from ..followup.conftest import BudgetLineFactory, CommitmentFactory, TaskFactory
from .conftest import PATH_TO, evidence, make_mou, make_pks, walk

ROLES = ("anonymous", "biro", "officer", "stranger", "leader", "administrator")
LOGIN = "/accounts/login/"


def post_data(action) -> dict:
    """The step's evidence as the form posts it."""
    data = {}
    for name, value in evidence(action).items():
        data[name] = value.isoformat() if isinstance(value, date) else value
    return data


# Who may take each step: Bureau staff all; the PKS's own unit signs and amends.
MAY = {
    PksAction.REVIEWED: {"biro"},
    PksAction.AUTHORISED: {"biro"},
    PksAction.SIGNED: {"biro", "officer"},
    PksAction.ADDENDUM: {"biro", "officer"},
    PksAction.TERMINATED: {"biro"},
}
FROM = {
    PksAction.REVIEWED: PksStage.DRAFT,
    PksAction.AUTHORISED: PksStage.REVIEWED,
    PksAction.SIGNED: PksStage.AUTHORISED,
    PksAction.ADDENDUM: PksStage.IN_FORCE,
    PksAction.TERMINATED: PksStage.IN_FORCE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MAY))
def test_each_role_takes_each_step_as_the_rights_say(users, biro, pks, action, role):
    walk(pks, actor=biro, to=FROM[action])
    before = pks.events.count()

    response = client_for(users[role]).post(
        reverse("agreements:pks_step", args=[pks.pk, action]), post_data(action)
    )

    pks.refresh_from_db()
    if role in MAY[action]:
        assert response.status_code == 302
        assert response["Location"] == pks.get_absolute_url()
        assert pks.events.count() == before + 1
        assert pks.events.order_by("pk").last().action == action
    else:
        expected = {"anonymous": 302, "stranger": 404}.get(role, 403)
        assert response.status_code == expected
        if role == "anonymous":
            assert response["Location"].startswith(LOGIN)
        assert pks.events.count() == before
        assert pks.stage == FROM[action]


WRONG_STAGES = [(a, s) for a in MAY for s in PATH_TO if s != FROM[a]]


@pytest.mark.parametrize(("action", "stage"), WRONG_STAGES)
def test_the_bureau_is_refused_a_step_from_a_wrong_stage_with_a_message(biro, pks, action, stage):
    walk(pks, actor=biro, to=stage)
    before = pks.events.count()

    response = client_for(biro).post(
        reverse("agreements:pks_step", args=[pks.pk, action]), post_data(action)
    )

    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()
    assert pks.events.count() == before


def test_the_step_form_asks_for_the_steps_evidence(biro, pks):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)

    page = client_for(biro).get(reverse("agreements:pks_step", args=[pks.pk, "signed"]))

    html = page.content.decode()
    assert page.status_code == 200
    for name in ("date", "valid_until", "document", "reference_number"):
        assert f'name="{name}"' in html
    assert 'name="reason"' not in html


def test_an_unknown_or_automatic_step_is_not_found(biro, pks):
    client = client_for(biro)
    for action in ("expired", "drafted", "corrected", "nonsense"):
        assert client.get(reverse("agreements:pks_step", args=[pks.pk, action])).status_code == 404


def test_a_signing_outliving_the_mou_is_refused_with_a_message(biro, pks):
    walk(pks, actor=biro, to=PksStage.AUTHORISED)

    response = client_for(biro).post(
        reverse("agreements:pks_step", args=[pks.pk, "signed"]),
        {**post_data(PksAction.SIGNED), "valid_until": "2030-01-01"},
    )

    pks.refresh_from_db()
    assert response.status_code == 200
    assert "2029" in response.content.decode()
    assert pks.stage == PksStage.AUTHORISED


# --- another unit's officer: 404 on every PKS URL ----------------------------------------


def pks_urls(pks) -> list[str]:
    urls = [
        reverse("agreements:pks_detail", args=[pks.pk]),
        reverse("agreements:pks_edit", args=[pks.pk]),
        reverse("agreements:pks_correct", args=[pks.pk]),
        reverse("agreements:pks_document_create", args=[pks.pk]),
        reverse("agreements:pks_create", args=[pks.agreement_id]),
    ]
    urls += [reverse("agreements:pks_step", args=[pks.pk, a]) for a in MAY]
    return urls


def test_an_officer_of_another_unit_gets_404_on_every_pks_url(stranger, pks):
    client = client_for(stranger)
    for url in pks_urls(pks):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x", "date": "2024-10-10"}).status_code == 404, url

    assert pks.events.count() == 1
    assert ImplementingAgreement.objects.count() == 1


def test_an_officer_of_another_unit_does_not_see_it_listed(stranger, officer, pks):
    assert (
        pks.title not in client_for(stranger).get(reverse("agreements:pks_list")).content.decode()
    )
    assert pks.title in client_for(officer).get(reverse("agreements:pks_list")).content.decode()


def test_an_officer_of_a_unit_taking_part_sees_only_their_own_units_pks(
    biro, officer, mou, other_unit
):
    theirs = make_pks(mou=mou, actor=biro, unit=other_unit, title="PKS Pariwisata Uji")

    response = client_for(officer).get(reverse("agreements:pks_detail", args=[theirs.pk]))

    assert response.status_code == 404


# --- drafting and editing through the pages ----------------------------------------------


def test_an_officer_drafts_a_pks_for_their_own_unit(officer, mou, unit):
    response = client_for(officer).post(
        reverse("agreements:pks_create", args=[mou.pk]),
        {
            "title": "PKS Pariwisata",
            "work_unit": unit.pk,
            "counterpart": "Department of Culture and Tourism of Zhejiang",
            "counterpart_native_name": "浙江省文化和旅游厅",
            "drafted_on": "2025-02-03",
        },
    )

    pks = ImplementingAgreement.objects.get()
    assert response.status_code == 302
    assert (pks.work_unit, pks.created_by, pks.stage) == (unit, officer, PksStage.DRAFT)
    page = client_for(officer).get(pks.get_absolute_url()).content.decode()
    assert "浙江省文化和旅游厅" in page


def test_an_officer_cannot_draft_for_another_unit(officer, mou, other_unit):
    response = client_for(officer).post(
        reverse("agreements:pks_create", args=[mou.pk]),
        {
            "title": "PKS",
            "work_unit": other_unit.pk,
            "counterpart": "Agency",
            "drafted_on": "2025-02-03",
        },
    )

    assert response.status_code == 200
    assert not ImplementingAgreement.objects.exists()


def test_no_pks_is_drafted_under_an_agreement_not_in_force(biro, agreement, unit):
    url = reverse("agreements:pks_create", args=[agreement.pk])
    data = {"title": "PKS", "work_unit": unit.pk, "counterpart": "A", "drafted_on": "2025-02-03"}

    page = client_for(biro).get(url)
    response = client_for(biro).post(url, data)

    assert 'data-testid="pks-not-allowed"' in page.content.decode()
    assert response.status_code == 200
    assert not ImplementingAgreement.objects.exists()


def test_the_officer_edits_a_draft_but_not_a_reviewed_pks(biro, officer, pks, unit):
    url = reverse("agreements:pks_edit", args=[pks.pk])
    data = {"title": "Judul baru", "work_unit": unit.pk, "counterpart": "Agency"}

    assert client_for(officer).post(url, data).status_code == 302
    walk(pks, actor=biro, to=PksStage.REVIEWED)
    response = client_for(officer).post(url, {**data, "title": "Lagi"})

    pks.refresh_from_db()
    assert response.status_code == 200
    assert pks.title == "Judul baru"


def test_a_correction_through_the_page(biro, pks):
    walk(pks, actor=biro, to=PksStage.REVIEWED)
    reviewed = pks.events.get(action=PksAction.REVIEWED)

    response = client_for(biro).post(
        reverse("agreements:pks_correct", args=[pks.pk]),
        {"reason": "Belum ditinjau.", "event": reviewed.pk},
    )

    pks.refresh_from_db()
    assert response.status_code == 302
    assert pks.stage == PksStage.DRAFT
    assert pks.events.filter(action=PksAction.CORRECTED, corrects=reviewed).exists()


def test_an_annual_work_plan_is_attached_to_a_pks(officer, pks):
    response = client_for(officer).post(
        reverse("agreements:pks_document_create", args=[pks.pk]),
        {"kind": DocumentKind.WORK_PLAN, "title": "RKT 2025", "file": pdf_upload("rkt.pdf")},
    )

    document = Document.objects.get(pks=pks)
    assert response.status_code == 302
    assert (document.kind, document.agreement_id) == (DocumentKind.WORK_PLAN, pks.agreement_id)
    assert "RKT 2025" in client_for(officer).get(pks.get_absolute_url()).content.decode()


def test_a_pks_document_is_hidden_from_another_unit_taking_part(
    biro, officer, stranger, pks, mou, other_unit
):
    CommitmentFactory(actor=biro, agreement=mou, lead_unit=other_unit)  # other_unit takes part
    document = document_create(
        agreement=mou, actor=biro, file=pdf_upload(), kind="work_plan", title="RKT rahasia", pks=pks
    )

    assert client_for(stranger).get(mou.get_absolute_url()).status_code == 200
    assert client_for(stranger).get(document.get_absolute_url()).status_code == 404
    assert client_for(officer).get(document.get_absolute_url()).status_code == 200


# --- tasks and budget under a PKS ----------------------------------------------------------


@pytest.fixture
def followup_under_pks(biro, mou, pks, unit):
    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit, title="Agribisnis")
    task = TaskFactory(
        actor=biro, commitment=commitment, responsible_unit=unit, title="Pelatihan petani", pks=pks
    )
    line = BudgetLineFactory(
        actor=biro, commitment=commitment, task=task, work_unit=unit, pks=pks, amount_spent=0
    )
    return task, line


def test_tasks_and_budget_under_a_pks_appear_in_the_units_inbox(officer, pks, followup_under_pks):
    page = client_for(officer).get(reverse("agreements:task_list")).content.decode()

    assert "Pelatihan petani" in page
    assert page.count(f'href="{pks.get_absolute_url()}"') >= 2  # the task's and the line's
    assert 'data-testid="task-pks"' in page and 'data-testid="line-pks"' in page


def test_tasks_and_budget_under_a_pks_appear_on_its_page(officer, pks, followup_under_pks):
    page = client_for(officer).get(pks.get_absolute_url()).content.decode()

    assert "Pelatihan petani" in page
    assert "Agribisnis" in page


def test_tasks_and_budget_under_a_pks_appear_in_the_work_unit_report(
    officer, unit, pks, followup_under_pks
):
    response = client_for(officer).get(
        reverse("agreements:report_preview"),
        {"report": "work_unit", "work_unit": unit.pk, "start": "2026-01-01", "end": "2026-11-27"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(f"PKS: {pks.title}") == 2  # the task's row and the budget line's


def test_the_task_detail_names_its_pks(officer, pks, followup_under_pks):
    task, _line = followup_under_pks

    page = client_for(officer).get(task.get_absolute_url()).content.decode()

    assert 'data-testid="task-pks"' in page and pks.title in page


def test_the_task_form_offers_only_the_pks_of_the_commitments_mou(biro, unit, mou, pks):
    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit)
    elsewhere = make_pks(
        mou=make_mou(actor=biro, unit=unit, title="MoU lain"),
        actor=biro,
        unit=unit,
        title="PKS lain",
    )
    url = reverse("agreements:task_create", args=[commitment.pk])
    data = {
        "title": "Tugas",
        "responsible_unit": unit.pk,
        "due_date": "2026-12-20",
        "priority": "normal",
    }

    refused = client_for(biro).post(url, {**data, "pks": elsewhere.pk})
    accepted = client_for(biro).post(url, {**data, "pks": pks.pk})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert list(commitment.tasks.values_list("pks", flat=True)) == [pks.pk]


def test_a_budget_line_under_a_pks_of_another_mou_is_refused(officer, biro, unit, mou):
    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit)
    elsewhere = make_pks(
        mou=make_mou(actor=biro, unit=unit, title="MoU lain"),
        actor=biro,
        unit=unit,
        title="PKS lain",
    )

    response = client_for(officer).post(
        reverse("agreements:budget_create"),
        {
            "fiscal_year": 2026,
            "commitment": commitment.pk,
            "pks": elsewhere.pk,
            "source": "apbd",
            "amount_requested": 1_000_000,
            "amount_allocated": 0,
            "amount_spent": 0,
        },
    )

    assert response.status_code == 200
    assert not commitment.budget_lines.exists()


def test_the_services_refuse_a_pks_of_another_agreement(biro, unit, mou):
    from agreements.services.budget import BudgetError
    from agreements.services.followup import FollowUpError

    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit)
    elsewhere = make_pks(
        mou=make_mou(actor=biro, unit=unit, title="MoU lain"),
        actor=biro,
        unit=unit,
        title="PKS lain",
    )

    with pytest.raises(FollowUpError):
        TaskFactory(actor=biro, commitment=commitment, pks=elsewhere)
    with pytest.raises(BudgetError):
        BudgetLineFactory(actor=biro, commitment=commitment, pks=elsewhere)
    assert not commitment.tasks.exists()


# --- flags on the pages ----------------------------------------------------------------------


def test_a_pks_ending_soon_carries_the_badge(biro, pks):
    walk(
        pks,
        actor=biro,
        to=PksStage.IN_FORCE,
        **{PksAction.SIGNED: {"valid_until": date(2027, 3, 1)}},
    )

    detail = client_for(biro).get(pks.get_absolute_url()).content.decode()
    listing = client_for(biro).get(reverse("agreements:pks_list")).content.decode()

    assert 'data-testid="pks-ends-soon"' in detail
    assert 'data-testid="pks-expiry-warning"' in detail
    assert 'data-testid="pks-ends-soon"' in listing
    assert 'data-testid="pks-outlives-mou"' not in listing


def test_a_pks_not_ending_soon_has_no_badge(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)

    detail = client_for(biro).get(pks.get_absolute_url()).content.decode()

    assert 'data-testid="pks-ends-soon"' not in detail


def test_a_pks_outliving_its_mou_is_flagged(biro, pks, mou):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    agreement_move_stage(
        agreement=mou,
        actor=biro,
        action=StageAction.TERMINATED,
        date=date(2025, 1, 6),
        reason="Mitra mengakhiri kerja sama.",
    )

    detail = client_for(biro).get(pks.get_absolute_url()).content.decode()
    listing = client_for(biro).get(reverse("agreements:pks_list")).content.decode()

    assert 'data-testid="pks-outlives-warning"' in detail
    assert 'data-testid="pks-outlives-mou"' in listing


def test_an_addendum_stays_in_the_pages_history(biro, pks):
    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    client_for(biro).post(
        reverse("agreements:pks_step", args=[pks.pk, "addendum"]),
        {**post_data(PksAction.ADDENDUM), "document": pdf_upload("add.pdf")},
    )

    page = client_for(biro).get(pks.get_absolute_url()).content.decode()

    assert "ADD/01/2025" in page
    assert "PKS/01/Distanbun/2024" in page


# --- the agreement page's section -------------------------------------------------------------


def render_section(user, agreement):
    request = RequestFactory().get(agreement.get_absolute_url())
    request.user = user
    return render_to_string(
        "agreements/pks_section.html",
        {
            "agreement": agreement,
            "implementing": agreement_pks(agreement=agreement, user=user),
            "user": user,
            "request": request,
        },
    )


def test_the_agreement_section_lists_the_pks_and_offers_a_new_one(biro, officer, leader, mou, pks):
    for user in (biro, officer):
        html = render_section(user, mou)
        assert pks.title in html and "浙江省农业农村厅" in html
        assert 'data-testid="pks-new"' in html
    assert 'data-testid="pks-new"' not in render_section(leader, mou)
    assert pks.title in render_section(leader, mou)


def test_the_agreement_section_offers_no_new_pks_before_the_mou(biro, agreement):
    assert 'data-testid="pks-new"' not in render_section(biro, agreement)


# --- query counts ------------------------------------------------------------------------------


def _many(biro, mou, unit, count):
    for n in range(count):
        pks = make_pks(mou=mou, actor=biro, unit=unit, title=f"PKS {n}")
        walk(pks, actor=biro, to=PksStage.IN_FORCE)


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_the_pks_list_costs_the_same_for_2_and_10_pks(
    users, biro, mou, unit, role, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users[role])
    counts = []
    for total in (2, 10):
        _many(biro, mou, unit, total - ImplementingAgreement.objects.count())
        client.get(reverse("agreements:pks_list"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("agreements:pks_list"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("agreements:pks_list"))


def test_the_pks_detail_costs_the_same_for_2_and_10_of_everything(
    biro, mou, pks, unit, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk(pks, actor=biro, to=PksStage.IN_FORCE)
    commitment = CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit)
    client = client_for(biro)
    counts = []
    for total in (2, 10):
        while commitment.tasks.count() < total:
            task = TaskFactory(actor=biro, commitment=commitment, responsible_unit=unit, pks=pks)
            BudgetLineFactory(actor=biro, commitment=commitment, task=task, work_unit=unit, pks=pks)
            document_create(
                agreement=mou, actor=biro, file=pdf_upload(), kind="work_plan", title="RKT", pks=pks
            )
            pks.commitments.add(CommitmentFactory(actor=biro, agreement=mou, lead_unit=unit))
        client.get(pks.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(pks.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[1]):
        client.get(pks.get_absolute_url())
