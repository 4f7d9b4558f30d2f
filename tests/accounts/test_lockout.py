"""Login throttling: django-axes locks a username or an address after too many failures,
refuses a locked login before hashing its password, and an administrator unlocks it by
deleting the attempts; at most LOGIN_CONCURRENCY password checks run at once."""

import os
import threading
import time
from contextlib import ExitStack, contextmanager
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cooperation.login import LOGIN_SLOT_KEY, login_slot

from ..factories import PASSWORD

LIMIT = 5
NEEDS_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="advisory locks shared by worker processes need PostgreSQL; SQLite uses a semaphore",
)


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def verify_spy():
    """Counts the password checks (the hasher's verify) while letting them happen."""
    with mock.patch.object(
        MD5PasswordHasher, "verify", autospec=True, side_effect=MD5PasswordHasher.verify
    ) as spy:
        yield spy


def test_it_locks_a_username_after_the_failure_limit_from_any_address(client, biro):
    for n in range(LIMIT):
        response = log_in(client, "biro", "salah", ip=f"10.0.1.{n}")
    assert response.status_code == 429

    response = log_in(client, "biro", PASSWORD, ip="10.0.2.1")

    assert response.status_code == 429
    assert not logged_in(client)
    assert "Akses masuk dikunci sementara" in response.content.decode()


def test_it_locks_an_address_after_the_failure_limit_for_any_username(client, biro):
    for n in range(LIMIT):
        log_in(client, f"tebakan-{n}", "salah", ip="10.0.3.3")

    refused = log_in(client, "biro", PASSWORD, ip="10.0.3.3")
    elsewhere = log_in(Client(), "biro", PASSWORD, ip="10.0.3.4")

    assert refused.status_code == 429
    assert not logged_in(client)
    assert elsewhere.status_code == 302


def test_it_counts_the_client_address_from_the_trusted_proxy_header(settings, client, biro):
    settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": f"tebakan-{n}", "password": "salah"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="203.0.113.7, 10.9.9.9",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_it_lets_the_failures_below_the_limit_pass_and_forgets_them_on_success(client, biro):
    for _ in range(LIMIT - 1):
        assert log_in(client, "biro", "salah").status_code == 200
    assert AccessAttempt.objects.get(username="biro").failures_since_start == LIMIT - 1

    response = log_in(client, "biro", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)
    assert not AccessAttempt.objects.filter(username="biro").exists()


def test_it_says_in_indonesian_when_to_try_again_and_whom_to_ask(client, biro):
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):
        for _ in range(LIMIT):
            response = log_in(client, "biro", "salah")

    text = response.content.decode()
    assert response.status_code == 429
    assert "dikunci selama 15 menit" in text
    assert "Silakan coba lagi setelah pukul 10:15 WITA (27 November 2026)." in text
    assert "hubungi administrator portal" in text


def test_it_does_not_extend_the_lock_with_attempts_during_it(client, biro):
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False) as clock:
        for _ in range(LIMIT):
            log_in(client, "biro", "salah")
        clock.shift(10 * 60)
        during = log_in(client, "biro", PASSWORD)
        clock.shift(6 * 60)
        after = log_in(client, "biro", PASSWORD)

    assert during.status_code == 429
    assert "setelah pukul 10:15 WITA" in during.content.decode()
    assert after.status_code == 302


def test_it_refuses_a_locked_account_before_hashing_its_password(client, biro, verify_spy):
    log_in(client, "biro", "salah")
    assert verify_spy.call_count == 1  # the spy sees the checks of an unlocked account
    for _ in range(LIMIT - 1):
        log_in(client, "biro", "salah")
    verify_spy.reset_mock()

    response = log_in(client, "biro", PASSWORD, ip="10.0.4.4")

    assert response.status_code == 429
    assert verify_spy.call_count == 0
    assert not logged_in(client)


def test_it_unlocks_when_an_administrator_deletes_the_attempts_in_the_admin(
    client, biro, administrator
):
    for _ in range(LIMIT):
        log_in(client, "biro", "salah")
    attempt = AccessAttempt.objects.get(username="biro")
    admin = Client()
    admin.force_login(administrator)

    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    deleted = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    response = log_in(client, "biro", PASSWORD)

    assert listing.status_code == 200
    assert "biro" in listing.content.decode()
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert response.status_code == 302
    assert logged_in(client)


@contextmanager
def slots_taken_elsewhere(count):
    """Every login slot held by someone else: on PostgreSQL another database session (a
    session's own advisory locks would let it in again), elsewhere this process."""
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                for slot in range(count):
                    cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOGIN_SLOT_KEY, slot])
                    assert cursor.fetchone()[0]
            yield
        finally:
            other.close()
    else:
        with ExitStack() as stack:
            assert all(stack.enter_context(login_slot()) for _ in range(count))
            yield


def test_it_answers_at_once_when_every_login_slot_is_taken(settings, client, biro, verify_spy):
    settings.LOGIN_CONCURRENCY = 2
    with slots_taken_elsewhere(2):
        response = log_in(client, "biro", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert "coba lagi dalam beberapa detik" in response.content.decode()
    assert verify_spy.call_count == 0
    assert not logged_in(client)
    assert not AccessAttempt.objects.exists()  # a busy answer is no failed login


def test_it_frees_its_login_slot_after_the_password_check(settings, client, biro):
    settings.LOGIN_CONCURRENCY = 1
    log_in(client, "biro", "salah")
    assert log_in(client, "biro", PASSWORD).status_code == 302

    with login_slot() as held:
        assert held


@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="eight threads recording failed logins at once lock SQLite's test database",
)
@pytest.mark.django_db(transaction=True)
def test_it_checks_at_most_the_allowed_number_of_passwords_at_once(settings, biro):
    """Eight guesses at the same moment: two are checked, the others answered at once."""
    settings.LOGIN_CONCURRENCY = 2
    running = 0
    most = 0
    lock = threading.Lock()
    barrier = threading.Barrier(8)
    statuses = []

    def slow_verify(hasher, password, encoded):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.5)
        with lock:
            running -= 1
        return False

    def guess(n):
        try:
            barrier.wait(timeout=10)
            response = log_in(Client(), "biro", f"tebakan-{n}", ip=f"10.0.5.{n}")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    with mock.patch.object(MD5PasswordHasher, "verify", autospec=True, side_effect=slow_verify):
        threads = [threading.Thread(target=guess, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert len(statuses) == 8
    assert most <= 2
    assert statuses.count(200) >= 1  # checked: wrong password, the form again
    assert statuses.count(429) >= 4  # answered at once, not queued


@NEEDS_POSTGRES
def test_it_shares_the_login_slots_between_processes_on_postgresql(
    settings, client, biro, verify_spy
):
    """Another database session (as another gunicorn worker) holds both slots."""
    assert connection.vendor == "postgresql"
    settings.LOGIN_CONCURRENCY = 2
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            for slot in range(2):
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOGIN_SLOT_KEY, slot])
                assert cursor.fetchone()[0]
        busy = log_in(client, "biro", PASSWORD)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOGIN_SLOT_KEY, 1])
        admitted = log_in(client, "biro", PASSWORD)
        with other.cursor() as cursor:
            # The portal's session gave its slot back: the other session can take it.
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOGIN_SLOT_KEY, 1])
            freed = cursor.fetchone()[0]
    finally:
        other.close()

    assert busy.status_code == 429
    assert admitted.status_code == 302
    assert verify_spy.call_count == 1
    assert freed
