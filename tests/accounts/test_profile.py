"""The profile page: every role manages their own account there, Leadership included,
and sees their last logins with the address and browser they came from."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, SignInOutcome, SignInRecord
from agreements.models.security import describe_user_agent
from agreements.selectors.accounts import sign_in_summary
from agreements.services.accounts import sign_in_record_add

from ..factories import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def log_in(client, username, password, ip="10.0.0.1", agent=FIREFOX):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=agent,
    )


@pytest.mark.parametrize(
    ("role", "role_label", "unit_text"),
    [
        ("biro", "Staf Biro", "bukan petugas SKPD"),
        ("officer", "Petugas SKPD", "Dinas Pertanian dan Perkebunan"),
        ("stranger", "Petugas SKPD", "Dinas Pariwisata"),
        ("leader", "Pimpinan", "bukan petugas SKPD"),
        ("administrator", "Administrator", "bukan petugas SKPD"),
    ],
)
def test_it_shows_the_profile_to_every_role(client, request, role, role_label, unit_text):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get(reverse("agreements:account"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Akun saya" in html
    assert f'<dd class="col-sm-8">{user.username}</dd>' in html
    assert role_label in html
    assert unit_text in html
    assert reverse("password_change") in html
    assert reverse("agreements:calendar") in html
    assert reverse("agreements:account_logout_everywhere") in html
    assert "Keluar dari semua perangkat" in html
    assert 'data-testid="two-factor-card"' in html


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("agreements:account"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/account/"


def test_it_links_the_profile_from_the_user_menu(client, officer):
    client.force_login(officer)

    response = client.get(reverse("agreements:task_list"))

    assert 'href="/account/" data-testid="my-account">Akun saya</a>' in response.content.decode()


def test_it_lets_leadership_edit_their_own_name_and_email(client, leader):
    client.force_login(leader)

    response = client.post(
        reverse("agreements:account"),
        {
            "first_name": "Lalu",
            "last_name": "Gita",
            "email": "Pimpinan@NTBPROV.go.id",
            "current_password": PASSWORD,
        },
        follow=True,
    )

    assert response.redirect_chain == [("/account/", 302)]
    assert "Profil Anda telah disimpan." in response.content.decode()
    leader.refresh_from_db()
    assert (leader.first_name, leader.last_name) == ("Lalu", "Gita")
    assert leader.email == "Pimpinan@ntbprov.go.id"


def test_it_still_refuses_leadership_a_domain_write(client, leader, unit):
    client.force_login(leader)

    response = client.post(reverse("agreements:create"), {"title": "Kerja sama baru"})

    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_it_changes_the_name_without_the_password(client, officer):
    officer.email = "officer@example.org"
    officer.save()
    client.force_login(officer)

    response = client.post(
        reverse("agreements:account"),
        {"first_name": "Baiq", "last_name": "Nurul", "email": "officer@example.org"},
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.get_full_name() == "Baiq Nurul"


def test_it_asks_for_the_current_password_to_change_the_email(client, officer):
    officer.email = "officer@example.org"
    officer.save()
    client.force_login(officer)

    response = client.post(
        reverse("agreements:account"),
        {"first_name": "Baiq", "email": "penyerang@example.com", "current_password": "salah"},
    )

    assert response.status_code == 200
    assert (
        "Masukkan kata sandi Anda saat ini untuk mengubah alamat surel."
        in response.content.decode()
    )
    officer.refresh_from_db()
    assert officer.email == "officer@example.org"
    assert officer.first_name != "Baiq"


def test_it_refuses_an_invalid_email_and_changes_nothing(client, biro):
    client.force_login(biro)

    response = client.post(
        reverse("agreements:account"),
        {"first_name": "Baru", "email": "bukan-alamat", "current_password": PASSWORD},
    )

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    biro.refresh_from_db()
    assert biro.first_name != "Baru"


def test_it_lists_the_last_logins_with_the_ip_and_browser(client, officer):
    response = log_in(client, "officer", PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302

    page = client.get(reverse("agreements:account"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Riwayat masuk terakhir Anda" in html
    assert "<td>203.0.113.7</td>" in html
    assert "Firefox 128 · Windows" in html
    record = SignInRecord.objects.get(user=officer)
    assert (record.outcome, record.ip, record.user_agent) == (
        SignInOutcome.SUCCESS,
        "203.0.113.7",
        FIREFOX,
    )


def test_it_shows_failed_attempts_since_the_previous_login(client, officer):
    log_in(client, "officer", PASSWORD, ip="10.0.0.1")
    client.post(reverse("logout"))
    log_in(client, "officer", "tebakan-1", ip="198.51.100.23")
    log_in(client, "officer", "tebakan-2", ip="198.51.100.23")
    log_in(client, "officer", PASSWORD, ip="10.0.0.1")

    html = client.get(reverse("agreements:account")).content.decode()

    assert (
        "2 percobaan masuk yang gagal dengan nama pengguna Anda sejak Anda masuk sebelumnya."
        in html
    )
    assert html.count("198.51.100.23 · Percobaan gagal") == 2


def test_it_keeps_no_record_of_attempts_on_unknown_usernames(client, officer):
    response = log_in(client, "tidak-ada", "tebakan")

    assert response.status_code == 200
    assert not SignInRecord.objects.exists()


def test_it_shows_at_most_ten_logins_newest_first(officer, django_assert_num_queries):
    for n in range(12):
        sign_in_record_add(
            user=officer, ip=f"10.0.0.{n}", user_agent="", outcome=SignInOutcome.SUCCESS
        )

    with django_assert_num_queries(2):
        summary = sign_in_summary(officer)

    assert [record.ip for record in summary.recent] == [f"10.0.0.{n}" for n in range(11, 1, -1)]
    assert summary.failure_count == 0


def test_it_stores_a_non_ip_address_as_none(officer):
    record = sign_in_record_add(
        user=officer, ip="bukan-ip", user_agent="x" * 1000, outcome=SignInOutcome.FAILURE
    )

    assert record.ip is None
    assert len(record.user_agent) == 300


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (FIREFOX, "Firefox 128 · Windows"),
        (ANDROID_CHROME, "Chrome 131 · Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
            "Edge 131 · Windows",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
    ],
)
def test_it_shortens_the_browser_name(agent, label):
    assert describe_user_agent(agent) == label
