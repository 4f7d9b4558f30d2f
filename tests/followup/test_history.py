"""The audit trail: a historical row with the acting user for each kind of change, the
old → new values in words, shown on the detail pages, and out of reach of any edit."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from agreements.models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    FollowUpTask,
    ProgressUpdate,
    Role,
    User,
)
from agreements.selectors.history import history_entries
from agreements.services.agreements import agreement_update
from agreements.services.budget import budget_line_update
from agreements.services.followup import commitment_update, task_update

from ..factories import UserFactory, pdf_upload
from .conftest import answer, client_as, post_progress

AUDITED = [Agreement, Commitment, FollowUpTask, ProgressUpdate, CoordinationRequest, BudgetLine]


@pytest.fixture
def colleague(db):
    """A second Bureau staff member, so that "who" is not always the creator."""
    return UserFactory(username="biro-2", first_name="Rina", role=Role.BIRO)


def latest(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


def newest_entry(instance) -> dict:
    """The newest entry of the trail, as Bureau staff read it."""
    bureau = User.objects.filter(role=Role.BIRO).order_by("pk").first()
    with translation.override("en"):
        return history_entries(instance, user=bureau)[0]


def changes(entry) -> dict:
    """{field name: (old, new)} of a history entry, in English."""
    with translation.override("en"):
        return {str(c["field"]): (c["old"], c["new"]) for c in entry["changes"]}


# --- creation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture",
    ["agreement", "commitment", "task", "request_for_unit", "budget_line"],
)
def test_it_records_who_created_each_kind_of_record(request, biro, fixture):
    instance = request.getfixturevalue(fixture)

    first = instance.history.order_by("history_date", "history_id").first()

    assert first.history_type == "+"
    assert first.history_user == biro


def test_it_records_who_posted_a_progress_update(officer, task):
    update = post_progress(task, actor=officer, text="Lahan disiapkan.", percent=30)

    record = update.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer
    assert record.text == "Lahan disiapkan."
    assert record.percent_complete == 30


def test_it_lists_a_creations_values_in_words(biro, task):
    entry = newest_entry(task)

    assert entry["kind"] == "+"
    assert entry["who"] == biro
    assert changes(entry) == {
        "commitment": (None, "Pengembangan agribisnis jagung"),
        "responsible work unit": (None, "Dinas Pertanian dan Perkebunan"),
        "title": (None, "Uji coba varietas jagung"),
        "due date": (None, "7 December 2026"),
        "status": (None, "Planned"),
        "priority": (None, "Normal"),
    }


# --- updates: old → new in words ----------------------------------------------------------


def test_it_records_an_agreement_update_old_to_new(colleague, agreement, other_unit):
    agreement_update(
        agreement=agreement,
        actor=colleague,
        title="Sister Province NTB – Uji",
        partner=agreement.partner,
        kind=agreement.kind,
        sectors=list(agreement.sectors.all()),
        coordinating_unit=other_unit,
    )

    record = latest(agreement)
    entry = newest_entry(agreement)
    assert (record.history_type, record.history_user) == ("~", colleague)
    assert entry["who"] == colleague
    assert changes(entry) == {
        "title": ("Sister Province Uji", "Sister Province NTB – Uji"),
        "coordinating work unit": ("Dinas Pertanian dan Perkebunan", "Dinas Pariwisata"),
    }


def test_it_records_a_commitment_update_old_to_new(colleague, commitment, other_unit):
    commitment_update(
        commitment=commitment,
        actor=colleague,
        title="Agribisnis jagung dan hortikultura",
        lead_unit=other_unit,
    )

    record = latest(commitment)
    assert (record.history_type, record.history_user) == ("~", colleague)
    assert changes(newest_entry(commitment)) == {
        "area of cooperation": (
            "Pengembangan agribisnis jagung",
            "Agribisnis jagung dan hortikultura",
        ),
        "lead work unit": ("Dinas Pertanian dan Perkebunan", "Dinas Pariwisata"),
    }


def test_it_records_a_task_update_old_to_new(colleague, task, other_unit):
    task_update(
        task=task,
        actor=colleague,
        expected_version=task.version,
        responsible_unit=other_unit,
        status="done",
        priority="high",
    )

    record = latest(task)
    assert (record.history_type, record.history_user) == ("~", colleague)
    assert changes(newest_entry(task)) == {
        "responsible work unit": ("Dinas Pertanian dan Perkebunan", "Dinas Pariwisata"),
        "status": ("Planned", "Done"),
        "priority": ("Normal", "High"),
        "completion date": ("–", "27 November 2026"),
    }


def test_it_records_a_status_change_by_progress_as_the_officers(officer, task):
    post_progress(task, actor=officer, status="blocked")

    record = latest(task)
    assert (record.history_type, record.history_user) == ("~", officer)
    assert changes(newest_entry(task)) == {"status": ("Planned", "Blocked")}


def test_it_records_an_answer_to_a_request_old_to_new(officer, request_for_unit):
    answer(request_for_unit, actor=officer, text="Jadwal terlampir.")

    record = latest(request_for_unit)
    assert (record.history_type, record.history_user) == ("~", officer)
    assert changes(newest_entry(request_for_unit)) == {
        "answer": ("–", "Jadwal terlampir."),
        # The time is WITA, as everywhere in the portal.
        "answered at": ("–", "27 November 2026, 10:00"),
        "answered by": ("–", str(officer)),
    }


def test_it_records_a_budget_line_update_old_to_new(officer, budget_line):
    budget_line_update(
        line=budget_line,
        actor=officer,
        expected_version=budget_line.version,
        amount_spent=75_000_000,
        source="apbn",
    )

    record = latest(budget_line)
    assert (record.history_type, record.history_user) == ("~", officer)
    assert record.amount_spent == 75_000_000
    assert changes(newest_entry(budget_line)) == {
        "source of funds": ("Provincial budget (APBD)", "State budget (APBN)"),
        "spent (Rp)": ("Rp 60.000.000", "Rp 75.000.000"),
    }


def test_it_records_the_signed_in_user_of_a_web_edit(colleague, task):
    response = client_as(colleague).post(
        reverse("agreements:task_edit", args=[task.pk]),
        {
            "title": "Uji coba varietas jagung unggul",
            "responsible_unit": task.responsible_unit_id,
            "due_date": task.due_date.isoformat(),
            "priority": "normal",
            "status": "planned",
            "version": task.version,
        },
    )

    assert response.status_code == 302
    record = latest(task)
    assert (record.history_type, record.history_user) == ("~", colleague)
    assert record.title == "Uji coba varietas jagung unggul"


# --- on the detail pages ------------------------------------------------------------------


def test_it_shows_the_task_history_on_the_task_page(biro, officer, task):
    post_progress(task, actor=officer, status="in_progress")

    response = client_as(biro, language="en").get(reverse("agreements:task_detail", args=[task.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Change history" in content
    assert "Planned → <strong>In progress</strong>" in content
    assert str(officer) in content


def test_it_shows_the_officers_progress_and_answer_in_the_task_history(
    biro, officer, task, request_for_unit
):
    post_progress(task, actor=officer, text="Benih sudah tiba.", evidence=[pdf_upload()])
    answer(request_for_unit, actor=officer, text="Jadwal uji coba terlampir.")

    response = client_as(biro, language="en").get(reverse("agreements:task_detail", args=[task.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Progress update of 27 November 2026" in content
    assert "Benih sudah tiba." in content
    assert "Coordination request 070/101/BAK/2026" in content
    assert "– → <strong>Jadwal uji coba terlampir.</strong>" in content


def test_it_shows_the_request_history_on_the_request_page(biro, officer, request_for_unit):
    answer(request_for_unit, actor=officer, text="Jadwal uji coba terlampir.")

    response = client_as(biro, language="en").get(
        reverse("agreements:letter_detail", args=[request_for_unit.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Change history" in content
    assert "– → <strong>Jadwal uji coba terlampir.</strong>" in content
    assert len(response.context["history"]) == 2


def test_it_shows_the_budget_line_history_on_its_edit_page(biro, officer, budget_line):
    budget_line_update(line=budget_line, actor=officer, expected_version=1, amount_spent=75_000_000)

    response = client_as(biro, language="en").get(
        reverse("agreements:budget_edit", args=[budget_line.pk])
    )

    assert response.status_code == 200
    assert "Rp 60.000.000 → <strong>Rp 75.000.000</strong>" in response.content.decode()


# --- nobody edits or deletes the history --------------------------------------------------


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)
def test_it_does_not_register_the_history_in_the_admin(model):
    assert not admin.site.is_registered(model.history.model)


def test_it_has_no_admin_page_for_any_historical_model():
    registered = {model._meta.model_name for model in admin.site._registry}

    assert not {name for name in registered if name.startswith("historical")}


@pytest.fixture
def audited(agreement, commitment, task, officer, request_for_unit, budget_line):
    update = post_progress(task, actor=officer, text="Lahan disiapkan.", percent=30)
    return {
        Agreement: agreement,
        Commitment: commitment,
        FollowUpTask: task,
        ProgressUpdate: update,
        CoordinationRequest: request_for_unit,
        BudgetLine: budget_line,
    }


def admin_url(instance, action):
    meta = instance._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[instance.pk])


def state(model):
    return (
        list(model.objects.order_by("pk").values()),
        list(model.history.order_by("pk").values()),
    )


# A POST that would change each record if the admin let it.
ADMIN_POSTS = {
    Agreement: {"title": "Diubah lewat admin"},
    Commitment: {"title": "Diubah lewat admin"},
    FollowUpTask: {"title": "Diubah lewat admin", "status": "cancelled"},
    ProgressUpdate: {"text": "Diubah lewat admin", "percent_complete": 100},
    CoordinationRequest: {"answer_text": "Diubah lewat admin"},
    BudgetLine: {"amount_spent": 1},
}


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)
def test_it_shows_the_admin_change_page_read_only(administrator, audited, model):
    response = client_as(administrator).get(admin_url(audited[model], "change"))

    assert response.status_code == 200
    field = next(iter(ADMIN_POSTS[model]))
    assert f'name="{field}"' not in response.content.decode()


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)
def test_it_refuses_an_admin_edit(administrator, audited, model):
    before = state(model)

    response = client_as(administrator).post(
        admin_url(audited[model], "change"), ADMIN_POSTS[model]
    )

    assert response.status_code == 403
    assert state(model) == before


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)
def test_it_refuses_an_admin_delete(administrator, audited, model):
    before = state(model)

    response = client_as(administrator).post(admin_url(audited[model], "delete"), {"post": "yes"})

    assert response.status_code == 403
    assert state(model) == before
