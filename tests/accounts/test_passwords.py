"""Passwords: at least 12 characters and Django's other rules, in Indonesian; a change
for every user; a reset by e-mail whose link works once and expires, and that does not
tell whether an address has an account."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ..factories import PASSWORD

GOOD_PASSWORD = "sawah-hijau7"  # 12 characters
SENT = "2026-11-27 09:00 +0800"


def change_password(client, old, new, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def without_csrf_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)


# --- rules ---------------------------------------------------------------------------------


def test_it_refuses_eleven_characters_in_indonesian(officer):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_password("sawah-hijau", officer)

    assert refused.value.messages == [
        "Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter."
    ]


def test_it_accepts_twelve_characters(officer):
    assert validate_password(GOOD_PASSWORD, officer) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("123456789012", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("password1234", "Kata sandi ini terlalu umum."),
        ("officer12345", "Kata sandi terlalu mirip dengan nama pengguna."),
    ],
)
def test_it_applies_djangos_other_rules_in_indonesian(officer, password, message):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_password(password, officer)

    assert message in refused.value.messages


# --- change --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["biro", "officer", "stranger", "leader", "administrator"])
def test_it_lets_every_role_change_their_password(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = change_password(client, PASSWORD, GOOD_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    # This session stays logged in.
    assert client.get(reverse("agreements:account")).status_code == 200


def test_it_shows_the_rules_and_refuses_a_short_password_on_the_page(client, officer):
    client.force_login(officer)

    form = client.get(reverse("password_change")).content.decode()
    response = change_password(client, PASSWORD, "sawah-hijau")

    assert "Paling sedikit 12 karakter." in form
    assert "Kata sandi saat ini" in form
    assert response.status_code == 200
    assert (
        "Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter."
        in response.content.decode()
    )
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_it_refuses_a_wrong_current_password(client, officer):
    client.force_login(officer)

    response = change_password(client, "bukan-ini", GOOD_PASSWORD)

    assert response.status_code == 200
    assert "Kata sandi Anda saat ini salah." in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_it_refuses_two_different_new_passwords(client, officer):
    client.force_login(officer)

    response = change_password(client, PASSWORD, GOOD_PASSWORD, again="sawah-hijau8")

    assert "Kedua kata sandi baru tidak sama." in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_it_logs_out_other_devices_when_the_password_changes(client, officer):
    other_device = Client()
    other_device.force_login(officer)
    client.force_login(officer)

    change_password(client, PASSWORD, GOOD_PASSWORD)

    response = other_device.get(reverse("agreements:task_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_confirms_the_change_in_indonesian(client, officer):
    client.force_login(officer)

    response = client.get(reverse("password_change_done"))

    assert response.status_code == 200
    assert "Kata sandi Anda telah diganti." in response.content.decode()


# --- reset by e-mail -----------------------------------------------------------------------


@pytest.fixture
def with_email(officer):
    officer.email = "officer@ntbprov.go.id"
    officer.save()
    return officer


def test_it_links_the_reset_from_the_login_page(client, db):
    html = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}" data-testid="forgot-password">Lupa kata sandi?' in (
        html
    )


def test_it_resets_a_password_end_to_end_and_the_link_works_once(client, with_email):
    page = client.get(reverse("password_reset"))
    asked = client.post(reverse("password_reset"), {"email": "OFFICER@ntbprov.go.id"})

    assert page.status_code == 200
    assert asked.status_code == 302
    assert asked["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@ntbprov.go.id"]
    assert message.subject == "Atur ulang kata sandi Kerja Sama NTB"
    assert "Nama pengguna Anda: officer" in message.body
    assert "dalam 24 jam" in message.body

    link = reset_link(message)
    opened = client.get(link, follow=True)
    assert "Buat kata sandi baru" in opened.content.decode()
    set_password_url = opened.redirect_chain[-1][0]
    saved = client.post(
        set_password_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )

    assert saved.status_code == 302
    assert saved["Location"] == reverse("password_reset_complete")
    with_email.refresh_from_db()
    assert with_email.check_password(GOOD_PASSWORD)
    assert "Kata sandi baru Anda telah disimpan." in client.get(saved["Location"]).content.decode()

    again = Client().get(link, follow=True)
    assert 'data-testid="reset-link-invalid"' in again.content.decode()
    assert "Tautan ini tidak berlaku lagi" in again.content.decode()


def test_it_refuses_a_short_password_on_the_reset_page(client, with_email):
    client.post(reverse("password_reset"), {"email": with_email.email})
    opened = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        opened.redirect_chain[-1][0], {"new_password1": "pendek", "new_password2": "pendek"}
    )

    assert response.status_code == 200
    assert "Kata sandi terlalu pendek." in response.content.decode()
    with_email.refresh_from_db()
    assert with_email.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("later", "valid"),
    [(timedelta(hours=23, minutes=59), True), (timedelta(hours=24, minutes=1), False)],
)
def test_it_expires_the_link_after_the_timeout(client, with_email, later, valid):
    with time_machine.travel(SENT, tick=False) as traveller:
        client.post(reverse("password_reset"), {"email": with_email.email})
        link = reset_link(mail.outbox[0])
        traveller.shift(later)

        html = client.get(link, follow=True).content.decode()

    assert ('name="new_password1"' in html) is valid
    assert ('data-testid="reset-link-invalid"' in html) is not valid


def test_it_reads_the_timeout_from_the_setting(client, with_email, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    with time_machine.travel(SENT, tick=False) as traveller:
        client.post(reverse("password_reset"), {"email": with_email.email})
        link = reset_link(mail.outbox[0])
        traveller.shift(timedelta(hours=1, minutes=1))

        html = client.get(link, follow=True).content.decode()

    assert 'data-testid="reset-link-invalid"' in html


def test_it_does_not_tell_whether_an_address_has_an_account(with_email):
    known = Client().post(reverse("password_reset"), {"email": with_email.email}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "siapa@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert without_csrf_tokens(known) == without_csrf_tokens(unknown)
    assert 'data-testid="reset-sent"' in unknown.content.decode()
    assert len(mail.outbox) == 1


def test_it_sends_nothing_for_a_deactivated_account(client, with_email):
    with_email.is_active = False
    with_email.save()

    response = client.post(reverse("password_reset"), {"email": with_email.email})

    assert response.status_code == 302
    assert mail.outbox == []
