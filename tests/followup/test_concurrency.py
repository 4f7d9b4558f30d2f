"""No lost updates: when two people edit the same task or budget line, the second save is
refused with what changed meanwhile, and the first one's values stay."""

import os
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from agreements.models import BudgetLine, FollowUpTask, ProgressUpdate, Role, WorkUnit
from agreements.services.followup import task_create, task_update
from agreements.services.versioning import ConcurrentEditError, save_versioned

from ..clock import TODAY, days
from ..factories import AgreementFactory, UserFactory
from .conftest import CommitmentFactory, client_as


@pytest.fixture
def colleague(db):
    return UserFactory(username="biro-2", first_name="Rina", last_name="Lestari", role=Role.BIRO)


def task_form(task, version, **changes):
    data = {
        "title": task.title,
        "description": task.description,
        "responsible_unit": task.responsible_unit_id,
        "due_date": task.due_date.isoformat(),
        "priority": task.priority,
        "status": task.status,
        "version": version,
    }
    return {**data, **changes}


def budget_form(line, version, **changes):
    data = {
        "fiscal_year": line.fiscal_year,
        "work_unit": line.work_unit_id,
        "commitment": line.commitment_id,
        "task": line.task_id or "",
        "source": line.source,
        "amount_requested": line.amount_requested,
        "amount_allocated": line.amount_allocated,
        "amount_spent": line.amount_spent,
        "note": line.note,
        "version": version,
    }
    return {**data, **changes}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def version_read(client, path) -> int:
    """Open the edit form as a person would, and return the version it carries."""
    response = client.get(path)
    assert response.status_code == 200
    return response.context["form"]["version"].value()


# --- tasks --------------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_task_edits_and_keeps_the_first(biro, colleague, task):
    path = reverse("agreements:task_edit", args=[task.pk])
    first, second = client_as(biro, language="en"), client_as(colleague, language="en")
    first_version, second_version = version_read(first, path), version_read(second, path)

    saved = first.post(
        path, task_form(task, first_version, title="Uji coba jagung hibrida", priority="high")
    )
    refused = second.post(
        path, task_form(task, second_version, title="Uji coba jagung manis", due_date=days(40))
    )

    assert (first_version, second_version) == (1, 1)
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert messages_of(refused) == [
        f"Not saved: {biro} changed this record meanwhile "
        "(title: Uji coba varietas jagung → Uji coba jagung hibrida; priority: Normal → High). "
        "What you typed is kept below: check it against these changes and save again."
    ]
    task.refresh_from_db()
    assert (task.title, task.priority, task.due_date, task.version) == (
        "Uji coba jagung hibrida",
        "high",
        days(10),
        2,
    )
    assert task.history.count() == 2


def test_it_keeps_what_was_typed_after_a_refused_task_edit(biro, colleague, task):
    path = reverse("agreements:task_edit", args=[task.pk])
    client_as(biro).post(path, task_form(task, 1, title="Uji coba jagung hibrida"))

    refused = client_as(colleague).post(path, task_form(task, 1, title="Uji coba jagung manis"))

    form = refused.context["form"]
    assert refused.status_code == 200
    # The colleague's text stays in the form; the message says what changed meanwhile, and
    # the form now carries the current version, so saving again is a deliberate choice.
    assert form["title"].value() == "Uji coba jagung manis"
    assert str(form["version"].value()) == "2"
    assert FollowUpTask.objects.get().title == "Uji coba jagung hibrida"


def test_it_saves_the_second_edit_made_on_the_current_version(biro, colleague, task):
    path = reverse("agreements:task_edit", args=[task.pk])
    client_as(biro).post(path, task_form(task, 1, title="Uji coba jagung hibrida"))
    task.refresh_from_db()

    response = client_as(colleague).post(path, task_form(task, 2, due_date=days(40)))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.due_date, task.version) == ("Uji coba jagung hibrida", days(40), 3)


def test_it_refuses_a_status_change_by_progress_on_a_task_edited_meanwhile(biro, officer, task):
    task_update(task=task, actor=biro, expected_version=1, due_date=days(30))

    response = client_as(officer, language="en").post(
        reverse("agreements:task_progress", args=[task.pk]),
        {
            "version": 1,
            "date": TODAY.isoformat(),
            "text": "Selesai.",
            "percent_complete": 100,
            "status_change": "done",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert any("due date: 7 December 2026 → 27 December 2026" in m for m in messages_of(response))
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.version) == ("planned", None, 2)
    assert not ProgressUpdate.objects.exists()
    # The officer's report is not lost: it is back in the form, on the current version.
    form = response.context["progress_form"]
    assert form["text"].value() == "Selesai."
    assert str(form["version"].value()) == "2"


# --- budget lines -------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_budget_line_edits_and_keeps_the_first(
    biro, officer, budget_line
):
    path = reverse("agreements:budget_edit", args=[budget_line.pk])
    clerk, bureau = client_as(officer, language="en"), client_as(biro, language="en")
    clerk_version, bureau_version = version_read(clerk, path), version_read(bureau, path)

    saved = bureau.post(path, budget_form(budget_line, bureau_version, amount_spent=80_000_000))
    refused = clerk.post(
        path, budget_form(budget_line, clerk_version, amount_spent=70_000_000, note="Termin II")
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert messages_of(refused) == [
        f"Not saved: {biro} changed this record meanwhile "
        "(spent (Rp): Rp 60.000.000 → Rp 80.000.000). "
        "What you typed is kept below: check it against these changes and save again."
    ]
    budget_line.refresh_from_db()
    assert (budget_line.amount_spent, budget_line.note, budget_line.version) == (
        80_000_000,
        "",
        2,
    )
    # What the clerk typed is still in the form, on the current version.
    assert refused.context["form"]["note"].value() == "Termin II"
    assert str(refused.context["form"]["version"].value()) == "2"


# --- the service --------------------------------------------------------------------------


def test_it_raises_concurrent_edit_error_with_the_changes_on_a_stale_version(
    biro, colleague, task, other_unit
):
    task_update(
        task=task,
        actor=colleague,
        expected_version=1,
        responsible_unit=other_unit,
        status="blocked",
    )

    with translation.override("en"), pytest.raises(ConcurrentEditError) as raised:
        save_versioned(task, expected_version=1, actor=biro, fields={"title": "Judul lama"})

    assert raised.value.who == colleague
    with translation.override("en"):
        changes = [(str(c["field"]), c["old"], c["new"]) for c in raised.value.changes]
    assert changes == [
        ("responsible work unit", "Dinas Pertanian dan Perkebunan", "Dinas Pariwisata"),
        ("status", "Planned", "Blocked"),
    ]
    task.refresh_from_db()
    assert (task.title, task.status, task.version) == ("Uji coba varietas jagung", "blocked", 2)


def test_it_reports_every_change_since_the_version_read(biro, colleague, budget_line):
    save_versioned(budget_line, expected_version=1, actor=colleague, fields={"amount_spent": 1})
    save_versioned(budget_line, expected_version=2, actor=biro, fields={"note": "Revisi DPA"})

    with pytest.raises(ConcurrentEditError) as raised:
        save_versioned(budget_line, expected_version=1, actor=colleague, fields={"note": "x"})

    assert raised.value.who == biro
    with translation.override("en"):
        changes = [(str(c["field"]), c["old"], c["new"]) for c in raised.value.changes]
    assert changes == [
        ("spent (Rp)", "Rp 60.000.000", "Rp 1"),
        ("note", "–", "Revisi DPA"),
    ]
    budget_line.refresh_from_db()
    assert (budget_line.amount_spent, budget_line.note, budget_line.version) == (1, "Revisi DPA", 3)


def test_it_saves_and_bumps_the_version_on_a_current_version(biro, budget_line):
    line = save_versioned(
        budget_line, expected_version=1, actor=biro, fields={"amount_spent": 90_000_000}
    )

    assert line.version == 2
    assert BudgetLine.objects.get().amount_spent == 90_000_000
    assert budget_line.history.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
def test_it_lets_only_one_of_two_simultaneous_task_edits_through():
    biro = UserFactory(username="biro-a", role=Role.BIRO)
    colleague = UserFactory(username="biro-b", role=Role.BIRO)
    unit = WorkUnit.objects.create(name="Dinas Uji Serentak", abbreviation="DUS")
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit)
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    task = task_create(
        commitment=commitment, actor=biro, responsible_unit=unit, title="Awal", due_date=days(5)
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(actor, title):
        try:
            barrier.wait(timeout=10)
            task_update(
                task=FollowUpTask.objects.get(pk=task.pk),
                actor=actor,
                expected_version=1,
                title=title,
            )
            outcomes[title] = "saved"
        except ConcurrentEditError:
            outcomes[title] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(biro, "Versi A")),
        threading.Thread(target=edit, args=(colleague, "Versi B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    task.refresh_from_db()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert (task.title, task.version) == (winner, 2)
    assert task.history.count() == 2
