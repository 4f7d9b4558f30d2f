"""The security log: logins, failed logins, lockouts, logouts, ended sessions and the
403/404 answered to logged-in users, each one JSON line with user, address and time."""

import json
import logging
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements.models import SignInOutcome, SignInRecord
from cooperation.securitylog import JsonLineFormatter

from ..factories import PASSWORD
from ..followup.conftest import CommitmentFactory, TaskFactory

LOGGER = "kerjasama.security"


@pytest.fixture
def security_log(caplog):
    """The events logged to kerjasama.security, as the dicts the formatter writes out."""
    logger = logging.getLogger(LOGGER)
    # The logger does not propagate to the root, where caplog listens.
    added = caplog.handler not in logger.handlers
    if added:
        logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=LOGGER)
    yield lambda: [r.security for r in caplog.records if r.name == LOGGER]
    if added:
        logger.removeHandler(caplog.handler)


def log_in(client, username, password, ip="203.0.113.5", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def test_it_logs_a_login_with_username_and_address(client, officer, security_log):
    log_in(client, "officer", PASSWORD)

    [event] = [e for e in security_log() if e["event"] == "login"]
    assert event["username"] == "officer"
    assert event["user_id"] == officer.pk
    assert event["ip"] == "203.0.113.5"
    assert event["path"] == "/accounts/login/"


def test_it_logs_a_failed_login_and_records_it_for_the_user(client, officer, security_log):
    response = log_in(client, "officer", "tebakan")

    assert response.status_code == 200
    [event] = security_log()
    assert event["event"] == "login_failed"
    assert (event["username"], event["ip"], event["locked_out"]) == (
        "officer",
        "203.0.113.5",
        False,
    )
    assert SignInRecord.objects.get(user=officer).outcome == SignInOutcome.FAILURE


def test_it_logs_a_failed_login_on_an_unknown_username(client, db, security_log):
    log_in(client, "tidak-ada", "tebakan")

    assert [(e["event"], e["username"]) for e in security_log()] == [("login_failed", "tidak-ada")]


def test_it_logs_a_lockout(client, officer, security_log, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(4):
        log_in(client, "officer", "tebakan")

    locked = [e for e in security_log() if e["event"] == "locked_out"]
    assert locked
    assert locked[0]["username"] == "officer"
    assert locked[0]["ip"] == "203.0.113.5"
    assert SignInRecord.objects.filter(user=officer, outcome=SignInOutcome.LOCKED_OUT).exists()


def test_it_logs_a_logout(client, officer, security_log):
    client.force_login(officer)

    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.6")

    [event] = [e for e in security_log() if e["event"] == "logout"]
    assert (event["username"], event["ip"], event["reason"]) == ("officer", "203.0.113.6", "user")


def test_it_logs_the_end_of_an_idle_session(client, officer, security_log):
    with time_machine.travel("2026-11-27 08:00 +0800", tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(minutes=45))
        client.get(reverse("agreements:task_list"))

    [event] = [e for e in security_log() if e["event"] == "logout"]
    assert (event["username"], event["reason"]) == ("officer", "idle")


def test_it_logs_a_log_out_everywhere(client, officer, security_log):
    client.force_login(officer)

    client.post(reverse("agreements:account_logout_everywhere"))

    assert [e["username"] for e in security_log() if e["event"] == "logout_everywhere"] == [
        "officer"
    ]


def test_it_logs_a_403_to_a_logged_in_user(client, leader, security_log):
    client.force_login(leader)

    response = client.post(reverse("agreements:create"), REMOTE_ADDR="203.0.113.8")

    assert response.status_code == 403
    [event] = [e for e in security_log() if e["event"] == "forbidden"]
    assert event == {
        "event": "forbidden",
        "username": "leader",
        "user_id": leader.pk,
        "ip": "203.0.113.8",
        "method": "POST",
        "path": "/agreements/new/",
        "status": 403,
    }


def test_it_logs_a_404_to_a_logged_in_user(client, biro, stranger, agreement, security_log):
    task = TaskFactory(actor=biro, commitment=CommitmentFactory(actor=biro, agreement=agreement))
    client.force_login(stranger)

    response = client.get(reverse("agreements:task_detail", args=[task.pk]))
    unknown = client.get("/tidak-ada/")

    assert (response.status_code, unknown.status_code) == (404, 404)
    events = [(e["event"], e["username"], e["path"]) for e in security_log()]
    assert ("not_found", "stranger", f"/tasks/{task.pk}/") in events
    assert ("not_found", "stranger", "/tidak-ada/") in events


def test_it_does_not_log_404_to_anonymous_visitors(client, db, security_log):
    response = client.get("/accounts/tidak-ada/")

    assert response.status_code == 404
    assert security_log() == []


def test_it_takes_the_address_from_the_proxy_header_when_configured(
    client, officer, security_log, settings
):
    settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    log_in(
        client, "officer", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.1"
    )

    [event] = [e for e in security_log() if e["event"] == "login"]
    assert event["ip"] == "198.51.100.9"
    assert SignInRecord.objects.get(user=officer).ip == "198.51.100.9"


def test_it_ignores_the_proxy_header_when_not_configured(client, officer, security_log):
    log_in(client, "officer", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")

    [event] = [e for e in security_log() if e["event"] == "login"]
    assert event["ip"] == "10.0.0.1"


def test_it_writes_one_json_line_per_event_with_the_time_in_wita(client, db, caplog, security_log):
    with time_machine.travel("2026-11-27 10:30 +0800", tick=False):
        log_in(Client(), 'penyerang\n{"event": "login"}', "tebakan")
    record = next(r for r in caplog.records if r.name == LOGGER)

    line = JsonLineFormatter().format(record)

    assert "\n" not in line
    data = json.loads(line)
    assert data["time"] == "2026-11-27T10:30:00.000+08:00"
    assert data["level"] == "WARNING"
    assert data["event"] == "login_failed"
    assert data["username"] == 'penyerang\n{"event": "login"}'
