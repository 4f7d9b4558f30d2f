"""Sessions end: after the idle time, after the absolute lifetime (clock frozen), when
the account is deactivated, and on every other device when the user logs out everywhere.
The probe and the calendar feed are never touched."""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.urls import reverse

from agreements.services.accounts import account_logout_everywhere
from agreements.services.calendar import calendar_token_reset

LOGIN = "2026-11-27 08:00 +0800"
TASKS = "/tasks/?status=open"


def expired_location(reason, next_url=None):
    location = f"{reverse('session_expired')}?reason={reason}"
    return location + (f"&next={quote(next_url, safe='')}" if next_url else "")


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- idle and absolute lifetimes -----------------------------------------------------------


def test_it_keeps_an_active_session_past_the_idle_time(client, officer):
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        for _ in range(4):
            traveller.shift(timedelta(minutes=20))
            assert client.get(TASKS).status_code == 200

        assert logged_in(client)


def test_it_ends_a_session_idle_for_thirty_minutes(client, officer):
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        assert client.get(TASKS).status_code == 200
        traveller.shift(timedelta(minutes=29, seconds=59))
        assert client.get(TASKS).status_code == 200
        traveller.shift(timedelta(minutes=30))

        response = client.get(TASKS)

    assert response.status_code == 302
    assert response["Location"] == expired_location("idle", TASKS)
    assert not logged_in(client)


def test_it_ends_a_session_at_its_absolute_lifetime_however_active(client, officer):
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        for _ in range(12 * 4 - 1):
            traveller.shift(timedelta(minutes=15))
            assert client.get(TASKS).status_code == 200
        traveller.shift(timedelta(minutes=15))

        response = client.get(TASKS)

    assert response.status_code == 302
    assert response["Location"] == expired_location("absolute", TASKS)
    assert not logged_in(client)


def test_it_reads_both_limits_from_the_settings(client, officer, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(minutes=5))

        response = client.get(TASKS)

    assert response["Location"] == expired_location("idle", TASKS)


def test_it_keeps_no_next_after_an_expired_form_post(client, officer):
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(hours=1))

        response = client.post(reverse("agreements:calendar_reset"))

    assert response["Location"] == expired_location("idle")
    officer.refresh_from_db()
    assert officer.calendar_token is None


def test_it_explains_the_ending_gently_and_offers_to_log_in_again(client, officer):
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(hours=1))

        response = client.get(TASKS, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sesi Anda telah berakhir" in html
    assert "Anda dikeluarkan karena tidak ada aktivitas selama 30 menit." in html
    assert f'href="/accounts/login/?next={quote(TASKS, safe="")}"' in html
    assert "Masuk lagi" in html


def test_it_tells_the_reason_of_the_next_morning(client, officer):
    """Idle overnight: both limits have passed; the idle one came first."""
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(hours=23))

        response = client.get(TASKS)

    assert response["Location"] == expired_location("idle", TASKS)


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("idle", "Anda dikeluarkan karena tidak ada aktivitas selama 30 menit."),
        ("absolute", "Anda dikeluarkan karena satu sesi berlaku paling lama 12 jam sejak masuk."),
        ("lainnya", "Anda telah dikeluarkan."),
    ],
)
def test_it_words_each_reason(client, db, reason, text):
    response = client.get(reverse("session_expired"), {"reason": reason})

    assert response.status_code == 200
    assert text in response.content.decode()


def test_it_keeps_next_from_another_site_out_of_the_login_button(client, db):
    response = client.get(reverse("session_expired"), {"reason": "idle", "next": "https://x.io/"})

    assert response.status_code == 200
    assert 'href="/accounts/login/"' in response.content.decode()


def test_it_leaves_the_probe_and_the_calendar_feed_alone(client, officer):
    token = calendar_token_reset(user=officer)
    with time_machine.travel(LOGIN, tick=False) as traveller:
        client.force_login(officer)
        traveller.shift(timedelta(hours=2))

        probe = client.get("/healthz")
        feed = client.get(reverse("agreements:calendar_feed", args=[token]))

        assert logged_in(client)
        page = client.get(TASKS)

    assert probe.status_code == 200
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert page["Location"] == expired_location("idle", TASKS)


# --- deactivation --------------------------------------------------------------------------


def test_it_ends_the_sessions_of_a_deactivated_user_at_once(client, officer):
    client.force_login(officer)
    assert client.get(TASKS).status_code == 200

    officer.is_active = False
    officer.save()
    response = client.get(TASKS)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not logged_in(client)
    # Reactivating the account does not revive the old session.
    officer.is_active = True
    officer.save()
    assert client.get(TASKS).status_code == 302


# --- log out everywhere --------------------------------------------------------------------


def test_it_logs_out_every_other_device_and_keeps_this_one(client, officer):
    phone = Client()
    phone.force_login(officer)
    client.force_login(officer)
    stamp = officer.session_stamp

    response = client.post(reverse("agreements:account_logout_everywhere"), follow=True)

    assert response.redirect_chain == [(reverse("agreements:account"), 302)]
    assert "Anda telah dikeluarkan dari semua perangkat lain." in response.content.decode()
    assert client.get(TASKS).status_code == 200
    phone_response = phone.get(TASKS)
    assert phone_response.status_code == 302
    assert phone_response["Location"].startswith("/accounts/login/")
    officer.refresh_from_db()
    assert officer.session_stamp and officer.session_stamp != stamp


def test_it_logs_out_everywhere_only_on_a_post(client, officer):
    client.force_login(officer)

    response = client.get(reverse("agreements:account_logout_everywhere"))

    assert response.status_code == 405
    officer.refresh_from_db()
    assert officer.session_stamp == ""


def test_it_keeps_djangos_session_hash_until_the_first_log_out_everywhere(officer):
    """Sessions made before the stamp existed stay valid after the upgrade."""
    djangos = AbstractBaseUser._get_session_auth_hash(officer)

    assert officer.get_session_auth_hash() == djangos
    account_logout_everywhere(actor=officer)
    assert officer.get_session_auth_hash() != djangos
