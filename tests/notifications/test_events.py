"""Each event: who is told in the portal and by e-mail, only people who may see the item,
never the person who did it, and once."""

import pytest
from django.core import mail

from agreements.models import Notification, NotificationEvent, OutgoingMail, Role
from agreements.services import notifications
from agreements.services.coordination import letter_send
from agreements.services.followup import task_update
from agreements.services.reports import snapshot_save
from tests.reports.conftest import stub_weasyprint  # noqa: F401

from ..factories import UserFactory
from ..followup.conftest import RequestFactory, TaskFactory, answer, days, post_progress


def told(event) -> set[str]:
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


def mailed() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def colleague(unit):
    return UserFactory(username="colleague", role=Role.SKPD, work_unit=unit)


def test_a_new_task_tells_the_units_officers_in_the_portal_and_by_mail(
    committed, commitment, biro, unit, officer, colleague, stranger, leader
):
    with committed():
        created = TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)

    assert told(NotificationEvent.TASK_ASSIGNED) == {"officer", "colleague"}
    assert mailed() == ["colleague@example.org", "officer@example.org"]
    assert created.title in mail.outbox[0].subject
    assert f"/tasks/{created.pk}/" in mail.outbox[0].body
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_task_moved_to_another_unit_tells_that_unit(
    committed, task, biro, officer, stranger, other_unit
):
    Notification.objects.all().delete()
    with committed():
        task_update(
            task=task, actor=biro, expected_version=task.version, responsible_unit=other_unit
        )

    assert told(NotificationEvent.TASK_ASSIGNED) == {"stranger"}
    assert mailed() == ["stranger@example.org"]


def test_a_letter_tells_the_addressed_unit(committed, agreement, biro, unit, officer, stranger):
    with committed():
        RequestFactory(agreement=agreement, actor=biro, work_unit=unit)

    assert told(NotificationEvent.LETTER_RECEIVED) == {"officer"}
    assert mailed() == ["officer@example.org"]


def test_a_letter_to_two_units_tells_each_its_own(
    committed, agreement, biro, unit, other_unit, officer, stranger
):
    with committed():
        letters = letter_send(
            agreement=agreement,
            actor=biro,
            work_units=[unit, other_unit],
            letter_number="070/9/BAK",
            subject="Data",
            message="Mohon data.",
            sent_on=days(-1),
            answer_due=days(7),
        )

    by_letter = dict(
        Notification.objects.values_list("letter__work_unit__abbreviation", "recipient__username")
    )
    assert len(letters) == 2
    assert by_letter == {"Distanbun": "officer", "Dispar": "stranger"}


def test_an_answer_tells_the_bureau_staff_who_sent_the_letter(
    committed, agreement, biro, unit, officer, leader
):
    UserFactory(username="other-biro", role=Role.BIRO)
    letter = RequestFactory(agreement=agreement, actor=biro, work_unit=unit)
    with committed():
        answer(letter, actor=officer)

    assert told(NotificationEvent.LETTER_ANSWERED) == {"biro"}
    assert mailed() == ["biro@example.org"]


def test_progress_and_a_status_change_tell_the_bureau(committed, task, biro, officer, leader):
    other_biro = UserFactory(username="other-biro", role=Role.BIRO)
    with committed():
        post_progress(task, actor=officer, status="in_progress")

    assert told(NotificationEvent.TASK_PROGRESS) == {"biro", other_biro.username}
    assert mailed() == ["biro@example.org", "other-biro@example.org"]
    # Told once for the update, although it also changed the status.
    assert Notification.objects.filter(event=NotificationEvent.TASK_PROGRESS).count() == 2


def test_a_status_change_by_the_bureau_tells_the_other_bureau_staff(task, biro):
    other_biro = UserFactory(username="other-biro", role=Role.BIRO)
    task_update(task=task, actor=biro, expected_version=task.version, status="in_progress")

    assert told(NotificationEvent.TASK_PROGRESS) == {other_biro.username}


def test_a_snapshot_tells_leadership(committed, stub_weasyprint, biro, leader, officer):  # noqa: F811
    with committed():
        snapshot, _ = snapshot_save(month=days(-40).replace(day=1), actor=biro)

    assert told(NotificationEvent.SNAPSHOT_SAVED) == {"leader"}
    assert Notification.objects.get().snapshot == snapshot
    assert mailed() == ["leader@example.org"]


def test_lateness_is_told_to_the_unit_once(
    committed, clock, agreement, task, biro, unit, officer, stranger
):
    letter = RequestFactory(agreement=agreement, actor=biro, work_unit=unit, answer_due=days(1))
    Notification.objects.all().delete()
    mail.outbox.clear()
    clock.move_to(days(12).isoformat() + "T10:00+08:00")

    with committed():
        assert notifications.notify_late(today=days(12)) == 2
    with committed():
        assert notifications.notify_late(today=days(12)) == 0
        assert notifications.notify_late(today=days(13)) == 0

    assert told(NotificationEvent.TASK_LATE) == {"officer"}
    assert told(NotificationEvent.LETTER_LATE) == {"officer"}
    assert Notification.objects.get(event=NotificationEvent.LETTER_LATE).letter == letter
    assert mailed() == ["officer@example.org", "officer@example.org"]


def test_nobody_is_told_of_what_they_may_not_see(task, stranger, officer):
    """The recipients are chosen by role and unit; the scope check is the last word."""
    created = notifications._notify(NotificationEvent.TASK_ASSIGNED, [stranger, officer], task=task)

    assert [n.recipient for n in created] == [officer]


def test_the_actor_is_not_told_of_their_own_act(commitment, officer, unit):
    task = TaskFactory(commitment=commitment, actor=officer, responsible_unit=unit)

    assert not Notification.objects.filter(task=task, recipient=officer).exists()


def test_inactive_accounts_are_not_told(commitment, biro, unit, officer):
    officer.is_active = False
    officer.save()
    TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)

    assert not Notification.objects.exists()


def test_no_mail_without_an_address_for_system_accounts_or_for_a_muted_event(
    committed, commitment, biro, unit, officer
):
    UserFactory(username="no-address", role=Role.SKPD, work_unit=unit, email="")
    system = UserFactory(username="system", role=Role.SKPD, work_unit=unit)
    system.set_unusable_password()
    system.save()
    officer.muted_mail_events = [NotificationEvent.TASK_ASSIGNED]
    officer.save()

    with committed():
        TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)

    assert told(NotificationEvent.TASK_ASSIGNED) == {"officer", "no-address", "system"}
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_a_muted_event_does_not_mute_the_others(committed, agreement, biro, unit, officer):
    officer.muted_mail_events = [NotificationEvent.TASK_ASSIGNED]
    officer.save()
    with committed():
        RequestFactory(agreement=agreement, actor=biro, work_unit=unit)

    assert mailed() == ["officer@example.org"]


def test_nothing_is_queued_when_the_write_is_rolled_back(commitment, biro, unit, officer):
    with pytest.raises(RuntimeError), notifications.transaction.atomic():
        TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)
        raise RuntimeError

    assert not Notification.objects.exists()
    assert not OutgoingMail.objects.exists()
