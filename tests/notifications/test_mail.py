"""The outbox: a mail is sent once, a failed send is tried again later and not lost,
and the database queue's worker sends what the web server queued."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agreements.models import MailStatus, OutgoingMail
from agreements.services import notifications

from ..followup.conftest import TaskFactory

DOWN = mock.patch(
    "agreements.services.notifications.send_mail", side_effect=SMTPException("server down")
)


@pytest.fixture
def queued(commitment, biro, unit, officer):
    """A task for the officer's unit, committed while the mail server is down."""
    with DOWN:
        TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)
        (outgoing,) = OutgoingMail.objects.all()
        assert notifications.mail_send(outgoing.pk) == "retry"
    outgoing.refresh_from_db()
    return outgoing


def test_a_failed_send_waits_and_is_sent_later(clock, queued):
    assert queued.status == MailStatus.PENDING
    assert queued.attempts == 1
    assert "server down" in queued.last_error
    assert queued.next_attempt_at == timezone.now() + timedelta(minutes=1)
    assert notifications.mails_send_due() == {}  # not yet due
    assert mail.outbox == []

    clock.shift(61)
    assert notifications.mails_send_due() == {"sent": 1}

    queued.refresh_from_db()
    assert queued.status == MailStatus.SENT
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]


def test_each_failure_waits_longer(clock, queued):
    waits = []
    with DOWN:
        for _ in range(4):
            clock.move_to(queued.next_attempt_at)
            assert notifications.mail_send(queued.pk) == "retry"
            previous = queued.next_attempt_at
            queued.refresh_from_db()
            waits.append(queued.next_attempt_at - previous)

    assert waits == [timedelta(minutes=m) for m in (2, 4, 8, 16)]


def test_a_mail_is_sent_once(clock, queued):
    clock.shift(61)
    assert notifications.mail_send(queued.pk) == "sent"
    assert notifications.mail_send(queued.pk) == "skipped"
    assert notifications.mails_send_due() == {}

    assert len(mail.outbox) == 1


def test_a_mail_given_up_is_visible_and_can_be_sent_again(clock, queued, committed):
    OutgoingMail.objects.filter(pk=queued.pk).update(
        attempts=notifications.MAIL_MAX_ATTEMPTS - 1, next_attempt_at=timezone.now()
    )
    with DOWN:
        assert notifications.mail_send(queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.status == MailStatus.FAILED

    with committed():
        assert notifications.mails_retry(mails=OutgoingMail.objects.all()) == 1

    queued.refresh_from_db()
    assert queued.status == MailStatus.SENT
    assert len(mail.outbox) == 1


def test_the_send_notifications_command_sends_what_is_due(clock, queued, capsys):
    clock.shift(61)
    call_command("send_notifications")

    assert "1 sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_database_queue_holds_the_mail_until_the_worker_sends_it(
    settings, monkeypatch, committed, commitment, biro, unit, officer
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops stale connections between tasks; here that would be the test's own
    # transaction (PostgreSQL closes it, SQLite's in-memory one is never closed).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with committed():
        TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)
    assert mail.outbox == []  # queued, not sent by the web request

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert OutgoingMail.objects.get().status == MailStatus.SENT
