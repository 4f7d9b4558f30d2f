"""send_reminders: each unit's digest, escalations, idempotence per day, --dry-run, and two
runs at once. Today is Friday 27 November 2026 (WITA); see conftest.py."""

import io
import os
import threading
from dataclasses import dataclass
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import (
    CoordinationRequest,
    FollowUpTask,
    ReminderClaim,
    ReminderKind,
    Role,
    TaskStatus,
    User,
    WorkUnit,
)
from agreements.services.reminders import reminders_due, send_reminders

from ..clock import TODAY, days
from ..factories import AgreementFactory, UserFactory, WorkUnitFactory
from .conftest import CommitmentFactory, RequestFactory, TaskFactory, answer


@dataclass
class Items:
    overdue: FollowUpTask
    soon_due: FollowUpTask
    long_overdue: FollowUpTask
    later: FollowUpTask
    done: FollowUpTask
    cancelled: FollowUpTask
    other_units: FollowUpTask
    open_request: CoordinationRequest
    late_request: CoordinationRequest
    answered_request: CoordinationRequest


@pytest.fixture
def people(biro, officer, stranger, leader, administrator, unit):
    """Who could receive mail: besides the usual people, a retired officer of ``unit``
    and a deactivated Bureau account, who must not."""
    UserFactory(username="pensiun", role=Role.SKPD, work_unit=unit, is_active=False)
    UserFactory(username="biro-lama", role=Role.BIRO, is_active=False)


@pytest.fixture
def items(people, biro, officer, agreement, commitment, unit, other_unit, other_commitment):
    def task(title, due, status=None, parent=commitment, responsible=unit):
        created = TaskFactory(
            commitment=parent, actor=biro, responsible_unit=responsible, title=title, due_date=due
        )
        if status:
            FollowUpTask.objects.filter(pk=created.pk).update(
                status=status, completed_on=days(-1) if status == TaskStatus.DONE else None
            )
        return created

    def letter(number, due, sent=-30, to=unit):
        return RequestFactory(
            actor=biro,
            agreement=agreement,
            work_unit=to,
            letter_number=number,
            subject=f"Permintaan {number}",
            sent_on=days(sent),
            answer_due=due,
        )

    answered = letter("070/3/BAK", days(-5))
    answer(answered, actor=officer)
    return Items(
        overdue=task("Laporan triwulan III", days(-3)),
        soon_due=task("Pameran hortikultura", days(14)),
        long_overdue=task("Kajian benih unggul", days(-15)),
        later=task("Evaluasi tahunan", days(15)),
        done=task("Rencana aksi", days(-10), TaskStatus.DONE),
        cancelled=task("Misi dagang", days(-30), TaskStatus.CANCELLED),
        other_units=task(
            "Promosi wisata Hangzhou", days(-1), parent=other_commitment, responsible=other_unit
        ),
        open_request=letter("070/1/BAK", days(2)),
        late_request=letter("070/2/BAK", days(-16)),
        answered_request=answered,
    )


# mail.outbox is read when asserting: Django's test case set-up replaces the list, so
# pytest-django's ``mailoutbox`` fixture may hold a stale one.


def sent_to(recipients) -> list:
    return [message for message in mail.outbox if message.to == list(recipients)]


def digest_of(unit):
    (message,) = [m for m in mail.outbox if unit.email in m.to]
    return message


# --- who gets what ------------------------------------------------------------------------


def test_it_sends_each_unit_with_due_items_one_digest(items, unit, other_unit):
    send_reminders(today=TODAY)

    assert digest_of(unit).to == [unit.email, "officer@example.org"]
    assert digest_of(other_unit).to == [other_unit.email, "stranger@example.org"]
    assert set(ReminderClaim.objects.values_list("work_unit", "kind", "date")) == {
        (unit.pk, ReminderKind.DIGEST, TODAY),
        (other_unit.pk, ReminderKind.DIGEST, TODAY),
        (unit.pk, ReminderKind.ESCALATION, TODAY),
    }


def test_it_lists_the_units_overdue_and_soon_due_tasks_and_unanswered_requests(items, unit):
    send_reminders(today=TODAY)

    body = digest_of(unit).body
    for listed in [items.overdue, items.soon_due, items.long_overdue]:
        assert listed.title in body
    for left_out in [items.later, items.done, items.cancelled, items.other_units]:
        assert left_out.title not in body
    assert "070/1/BAK" in body
    assert "070/2/BAK" in body
    assert "070/3/BAK" not in body


def test_it_links_each_item_to_the_portal(settings, items, unit):
    settings.PORTAL_BASE_URL = "https://kerjasama.ntbprov.go.id/"

    send_reminders(today=TODAY)

    body = digest_of(unit).body
    assert f"https://kerjasama.ntbprov.go.id/tasks/{items.overdue.pk}/" in body
    assert f"https://kerjasama.ntbprov.go.id/coordination/{items.open_request.pk}/" in body


def test_it_counts_the_digests_items_in_its_claim_and_subject(items, unit):
    send_reminders(today=TODAY)

    claim = ReminderClaim.objects.get(work_unit=unit, kind=ReminderKind.DIGEST)
    assert claim.item_count == 5
    assert claim.recipients == f"{unit.email}, officer@example.org"
    assert "Distanbun" in digest_of(unit).subject
    assert "5" in digest_of(unit).subject


def test_it_leaves_out_units_with_nothing_due(items, third_unit):
    UserFactory(username="skpd-dkp", role=Role.SKPD, work_unit=third_unit)

    send_reminders(today=TODAY)

    assert not [m for m in mail.outbox if third_unit.email in m.to]
    assert not ReminderClaim.objects.filter(work_unit=third_unit).exists()


def test_it_leaves_out_inactive_units(items, other_unit):
    WorkUnit.objects.filter(pk=other_unit.pk).update(is_active=False)

    send_reminders(today=TODAY)

    assert not [m for m in mail.outbox if other_unit.email in m.to]
    assert not ReminderClaim.objects.filter(work_unit=other_unit).exists()


def test_it_sends_nothing_and_claims_nothing_for_a_unit_without_any_address(
    biro, items, third_unit
):
    WorkUnit.objects.filter(pk=third_unit.pk).update(email="")
    commitment = CommitmentFactory(actor=biro, lead_unit=third_unit)
    TaskFactory(commitment=commitment, actor=biro, due_date=days(-2))

    outcomes = send_reminders(today=TODAY)

    assert [(r.work_unit, o) for r, o in outcomes if r.work_unit == third_unit] == [
        (third_unit, "no-recipient")
    ]
    assert not ReminderClaim.objects.filter(work_unit=third_unit).exists()


# --- escalation ---------------------------------------------------------------------------


def test_it_escalates_long_late_items_to_active_bureau_and_leadership(settings, items, unit):
    settings.REMINDER_ESCALATION_TO = []

    send_reminders(today=TODAY)

    (escalation,) = sent_to(["biro@example.org", "leader@example.org"])
    assert items.long_overdue.title in escalation.body
    assert "070/2/BAK" in escalation.body
    # Late, but by fourteen days or less: only in the unit's digest.
    assert items.overdue.title not in escalation.body
    assert "070/1/BAK" not in escalation.body
    assert unit.abbreviation in escalation.subject
    claim = ReminderClaim.objects.get(kind=ReminderKind.ESCALATION)
    assert (claim.work_unit, claim.item_count) == (unit, 2)


def test_it_escalates_to_the_configured_recipients(settings, items):
    settings.REMINDER_ESCALATION_TO = ["sekda@ntbprov.example", "karo@ntbprov.example"]

    send_reminders(today=TODAY)

    (escalation,) = sent_to(["sekda@ntbprov.example", "karo@ntbprov.example"])
    assert items.long_overdue.title in escalation.body
    assert not [m for m in mail.outbox if "biro@example.org" in m.to]


def test_it_does_not_escalate_what_is_late_by_the_threshold_or_less(settings, items, other_unit):
    send_reminders(today=TODAY)

    assert not ReminderClaim.objects.filter(
        work_unit=other_unit, kind=ReminderKind.ESCALATION
    ).exists()
    assert [m.to for m in mail.outbox if items.other_units.title in m.body] == [
        [other_unit.email, "stranger@example.org"]
    ]


def test_it_reads_the_escalation_threshold_from_the_health_setting(settings, items, unit):
    settings.HEALTH = {"ESCALATE_AFTER_DAYS": 2}

    send_reminders(today=TODAY)

    (escalation,) = sent_to(["biro@example.org", "leader@example.org"])
    assert items.overdue.title in escalation.body  # three days late


# --- once a day ---------------------------------------------------------------------------


def test_it_sends_nothing_on_a_second_run_the_same_day(items):
    send_reminders(today=TODAY)
    sent, claims = len(mail.outbox), ReminderClaim.objects.count()

    outcomes = send_reminders(today=TODAY)

    assert sent == 3
    assert len(mail.outbox) == sent
    assert ReminderClaim.objects.count() == claims
    assert {outcome for _, outcome in outcomes} == {"skipped"}


def test_it_sends_again_the_next_day(clock, items):
    send_reminders(today=TODAY)
    clock.shift(86400)

    call_command("send_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 6
    assert ReminderClaim.objects.filter(date=days(1)).count() == 3
    assert ReminderClaim.objects.filter(date=TODAY).count() == 3


def test_it_keeps_no_claim_when_the_mail_fails(items):
    with (
        mock.patch("agreements.services.reminders.send_mail", side_effect=SMTPException("down")),
        pytest.raises(SMTPException),
    ):
        send_reminders(today=TODAY)

    assert not ReminderClaim.objects.exists()
    send_reminders(today=TODAY)
    assert len(mail.outbox) == 3


# --- the command --------------------------------------------------------------------------


def test_it_runs_as_of_today_in_wita_from_the_command(items):
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert len(mail.outbox) == 3
    assert set(ReminderClaim.objects.values_list("date", flat=True)) == {TODAY}
    assert "3 reminder(s) sent, 0 not sent." in out.getvalue()


def test_it_runs_as_of_the_given_date(items, unit):
    call_command("send_reminders", "--date", "2026-12-20", stdout=io.StringIO())

    assert set(ReminderClaim.objects.values_list("date", flat=True)) == {days(23)}
    # On 20 December the soon-due task of 11 December is late too.
    assert items.soon_due.title in digest_of(unit).body


def test_it_prints_and_sends_nothing_on_a_dry_run(items, unit):
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", stdout=out)

    printed = out.getvalue()
    assert mail.outbox == []
    assert not ReminderClaim.objects.exists()
    assert (
        f"dry-run: digest Distanbun (3 tasks, 2 requests) → {unit.email}, officer@example.org"
        in printed
    )
    assert (
        "dry-run: escalation Distanbun (1 tasks, 1 requests) → biro@example.org, leader@example.org"
        in printed
    )
    assert "Subject: " in printed
    assert items.overdue.title in printed
    assert "070/2/BAK" in printed
    assert "0 reminder(s) sent, 3 not sent." in printed


def test_it_sends_normally_after_a_dry_run(items):
    call_command("send_reminders", "--dry-run", stdout=io.StringIO())

    call_command("send_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 3


# --- cost ---------------------------------------------------------------------------------


def test_it_works_out_the_reminders_in_the_same_number_of_queries_for_more_units(biro, items):
    with CaptureQueriesContext(connection) as few:
        assert len(reminders_due(today=TODAY)) == 3
    for n in range(5):
        unit = WorkUnitFactory()
        UserFactory(role=Role.SKPD, work_unit=unit)
        commitment = CommitmentFactory(actor=biro, lead_unit=unit)
        for due in (-20, -1, 3):
            TaskFactory(commitment=commitment, actor=biro, due_date=days(due))
        RequestFactory(
            actor=biro, agreement=commitment.agreement, work_unit=unit, answer_due=days(-n)
        )

    with CaptureQueriesContext(connection) as many:
        assert len(reminders_due(today=TODAY)) == 13

    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


# --- two runs at once ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
def test_it_sends_each_reminder_once_when_two_runs_start_at_once():
    biro = UserFactory(username="biro-cron", role=Role.BIRO)
    units = [WorkUnitFactory() for _ in range(4)]
    for unit in units:
        UserFactory(role=Role.SKPD, work_unit=unit)
        agreement = AgreementFactory(actor=biro, coordinating_unit=unit)
        commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
        TaskFactory(commitment=commitment, actor=biro, due_date=days(-20))
        RequestFactory(actor=biro, agreement=agreement, work_unit=unit, answer_due=days(1))
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.extend(outcome for _, outcome in send_reminders(today=TODAY))
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # Four digests and four escalations, each sent by exactly one of the two runs.
    assert sorted(outcomes) == ["sent"] * 8 + ["skipped"] * 8
    assert len(mail.outbox) == 8
    for unit in units:
        assert len([m for m in mail.outbox if unit.email in m.to]) == 1
    assert ReminderClaim.objects.count() == 8
    assert sorted(ReminderClaim.objects.values_list("work_unit", "kind", "date")) == sorted(
        (unit.pk, kind, TODAY) for unit in units for kind in ReminderKind.values
    )
    assert User.objects.filter(role=Role.SKPD).count() == 4
