"""Two-factor authentication: set up from the profile (QR code, backup codes shown once),
a code after the password before any other page (app code or backup code, each once),
wrong codes counted, mandatory for Bureau staff and administrators when the setting is
on, no way around it through the admin, and django-otp's strings in Indonesian."""

import base64
import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements import otp_messages
from agreements.services.two_factor import (
    APP_DEVICE_NAME,
    BACKUP_DEVICE_NAME,
    two_factor_enrol_confirm,
    two_factor_enrol_start,
)

from ..factories import PASSWORD

VERIFY = reverse("agreements:two_factor_verify")
ENROL = reverse("agreements:two_factor_enrol")
BACKUP_CODES = reverse("agreements:two_factor_backup_codes")
DISABLE = reverse("agreements:two_factor_disable")


@pytest.fixture(autouse=True)
def clock():
    """A frozen clock: each app code belongs to a 30-second step, used at most once."""
    with time_machine.travel("2026-11-27 10:00:05 +0800", tick=False) as traveller:
        yield traveller


def app_code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device) -> str:
    return "000000" if app_code(device) != "000000" else "111111"


def enrol(user, clock) -> list[str]:
    """Two-factor authentication on, as through its pages; returns the backup codes."""
    device = two_factor_enrol_start(user=user)
    _, codes = two_factor_enrol_confirm(user=user, code=app_code(device))
    clock.shift(30)  # the next step's code is a new one
    return codes


def app_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user)


def password_login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def verified(client) -> bool:
    response = client.get(reverse("agreements:list"))
    return response.status_code == 200


def test_it_enrols_with_a_qr_code_and_shows_ten_backup_codes_once(client, officer):
    client.force_login(officer)

    started = client.post(ENROL, {"start": "1"})
    page = client.get(ENROL)
    device = TOTPDevice.objects.get(user=officer)
    confirmed = client.post(ENROL, {"code": app_code(device)})
    shown = client.get(BACKUP_CODES)
    again = client.get(BACKUP_CODES)

    assert started.status_code == 302
    assert page.status_code == 200
    html = page.content.decode()
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert qr and base64.b64decode(qr.group(1)).startswith(b"<svg")
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in html
    assert confirmed.status_code == 302
    assert confirmed.url == BACKUP_CODES
    device.refresh_from_db()
    assert (device.confirmed, device.name) == (True, APP_DEVICE_NAME)
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(tokens) == 10
    assert StaticDevice.objects.get(user=officer).name == BACKUP_DEVICE_NAME
    listed = set(re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode()))
    assert listed == tokens
    assert "hanya ditampilkan sekali ini" in shown.content.decode()
    assert again.status_code == 200
    assert not re.findall(r"<li>([a-z2-7]{8})</li>", again.content.decode())
    assert "Anda memiliki 10 kode cadangan tersisa." in again.content.decode()


def test_it_creates_nothing_on_a_get_of_the_enrolment_page(client, officer):
    client.force_login(officer)

    response = client.get(ENROL)

    assert response.status_code == 200
    assert "Mulai pengaturan" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_it_refuses_a_wrong_code_at_enrolment(client, officer):
    client.force_login(officer)
    client.post(ENROL, {"start": "1"})
    device = TOTPDevice.objects.get(user=officer)

    response = client.post(ENROL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa." in response.content.decode()
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert not StaticDevice.objects.exists()


def test_it_asks_for_a_code_after_the_password_before_any_other_page(biro, clock):
    enrol(biro, clock)
    client = password_login(biro)

    home = client.get(reverse("agreements:list"))
    admin = client.get(reverse("admin:index"))
    account = client.get(reverse("agreements:account"))
    page = client.get(home.url)
    response = client.post(
        VERIFY, {"code": app_code(app_device(biro)), "next": reverse("agreements:list")}
    )

    assert home.status_code == 302
    assert home.url == VERIFY + "?next=/agreements/"
    assert admin.url == VERIFY + "?next=/admin/"
    assert account.url == VERIFY + "?next=/account/"
    assert page.status_code == 200
    assert "Autentikasi dua faktor" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("agreements:list")
    assert verified(client)


def test_it_accepts_a_backup_code_once(biro, clock):
    codes = enrol(biro, clock)
    first = password_login(biro)
    used = first.post(VERIFY, {"code": f" {codes[3].upper()} "})
    second = password_login(biro)

    again = second.post(VERIFY, {"code": codes[3]})

    assert used.status_code == 302
    assert verified(first)
    assert again.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa." in again.content.decode()
    assert not verified(second)
    assert StaticToken.objects.filter(device__user=biro).count() == 9
    assert not StaticToken.objects.filter(token=codes[3]).exists()


def test_it_refuses_a_wrong_code_counts_it_and_makes_the_next_try_wait(biro, clock):
    enrol(biro, clock)
    client = password_login(biro)
    device = app_device(biro)

    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    too_soon = client.post(VERIFY, {"code": app_code(device)})
    clock.shift(2)
    in_time = client.post(VERIFY, {"code": app_code(device)})

    assert wrong.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa." in wrong.content.decode()
    assert too_soon.status_code == 200
    assert "Terlalu banyak kode yang salah. Tunggu hingga pukul 10:00:36 WITA" in (
        too_soon.content.decode()
    )
    assert in_time.status_code == 302
    assert verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_it_refuses_an_app_code_a_second_time(biro, clock):
    enrol(biro, clock)
    code = app_code(app_device(biro))
    first = password_login(biro)
    first.post(VERIFY, {"code": code})
    second = password_login(biro)

    response = second.post(VERIFY, {"code": code})

    assert verified(first)
    assert response.status_code == 200
    assert not verified(second)


def test_it_keeps_the_admin_closed_to_an_administrator_without_the_code(administrator, clock):
    enrol(administrator, clock)
    client = password_login(administrator)

    index = client.get("/admin/")
    users = client.get("/admin/agreements/user/")
    attempts = client.get("/admin/axes/accessattempt/")
    client.post(VERIFY, {"code": app_code(app_device(administrator))})
    after = client.get("/admin/agreements/user/")

    assert (index.status_code, index.url) == (302, VERIFY + "?next=/admin/")
    assert users.url == VERIFY + "?next=/admin/agreements/user/"
    assert attempts.url.startswith(VERIFY)
    assert after.status_code == 200


def test_it_sends_the_admins_login_page_to_the_portals(client, administrator):
    page = client.get("/admin/login/?next=/admin/agreements/")
    posted = client.post(
        "/admin/login/", {"username": administrator.username, "password": PASSWORD}
    )

    assert (page.status_code, page.url) == (302, "/accounts/login/?next=/admin/agreements/")
    assert posted.status_code == 302
    assert posted.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_it_leaves_logout_language_and_health_open_while_waiting_for_the_code(biro, clock):
    enrol(biro, clock)
    client = password_login(biro)

    health = client.get(reverse("healthz"))
    language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    logout = client.post(reverse("logout"))

    assert health.status_code == 200
    assert language.status_code == 302
    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["biro", "administrator"])
def test_it_sends_bureau_staff_and_administrators_to_enrol_when_mandatory(request, settings, role):
    settings.TWO_FACTOR_REQUIRED = True
    user = request.getfixturevalue(role)
    client = password_login(user)

    page = client.get(reverse("agreements:list"))
    admin = client.get("/admin/")
    enrolment = client.get(page.url)
    client.post(ENROL, {"start": "1"})
    confirmed = client.post(ENROL, {"code": app_code(app_device(user)), "next": "/agreements/"})
    codes = client.get(confirmed.url)

    assert (page.status_code, page.url) == (302, ENROL + "?next=/agreements/")
    assert admin.url == ENROL + "?next=/admin/"
    assert enrolment.status_code == 200
    assert "wajib untuk peran Anda" in enrolment.content.decode()
    assert confirmed.url == BACKUP_CODES + "?next=/agreements/"
    assert 'href="/agreements/"' in codes.content.decode()
    assert verified(client)


def test_it_lets_mandatory_users_log_out_before_enrolling(settings, biro):
    settings.TWO_FACTOR_REQUIRED = True
    client = password_login(biro)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_it_does_not_make_officers_or_leadership_enrol(request, settings, role):
    settings.TWO_FACTOR_REQUIRED = True
    client = password_login(request.getfixturevalue(role))

    assert verified(client)
    assert not TOTPDevice.objects.exists()


def test_it_lets_bureau_staff_in_without_two_factor_when_not_mandatory(settings, biro):
    settings.TWO_FACTOR_REQUIRED = False

    assert verified(password_login(biro))


def test_it_makes_new_backup_codes_and_the_old_ones_stop_working(client, officer, clock):
    old = enrol(officer, clock)
    client.force_login(officer)
    client.post(VERIFY, {"code": app_code(app_device(officer))})

    response = client.post(BACKUP_CODES)
    shown = client.get(BACKUP_CODES)

    new = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert response.status_code == 302
    assert len(new) == 10
    assert not new & set(old)
    assert set(re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())) == new


def test_it_turns_two_factor_off_only_with_a_current_code(client, officer, clock):
    enrol(officer, clock)
    client.force_login(officer)
    client.post(VERIFY, {"code": app_code(app_device(officer))})
    clock.shift(30)

    refused = client.post(DISABLE, {"code": wrong_code(app_device(officer))})
    still_on = TOTPDevice.objects.filter(user=officer).exists()
    clock.shift(2)
    done = client.post(DISABLE, {"code": app_code(app_device(officer))})

    assert refused.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa." in refused.content.decode()
    assert still_on
    assert (done.status_code, done.url) == (302, reverse("agreements:account"))
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()


def test_it_shows_the_status_on_the_profile_card(rf: RequestFactory, officer, clock):
    request = rf.get("/account/")
    request.user = officer
    off = render_to_string("account/two_factor_card.html", {"user": officer}, request=request)
    enrol(officer, clock)
    StaticToken.objects.filter(device__user=officer).first().delete()

    on = render_to_string("account/two_factor_card.html", {"user": officer}, request=request)

    assert "Nonaktif" in off and "Aktifkan" in off
    assert "sejak 27 November 2026" in on
    assert "9 kode cadangan tersisa." in on
    assert "Buat kode cadangan baru" in on


def test_it_shows_the_card_on_the_profile_page(client, officer):
    client.force_login(officer)

    response = client.get(reverse("agreements:account"))

    assert response.status_code == 200
    assert 'data-testid="two-factor-card"' in response.content.decode()


def test_it_carries_django_otps_messages_in_indonesian():
    messages = OTPAuthenticationFormMixin.otp_error_messages

    def texts():
        # The plural message picks its form from the count it is formatted with.
        return {
            key: message % {"failure_count": 3} if key == "n_failed_attempts" else str(message)
            for key, message in messages.items()
        }

    with translation.override("id"):
        translated = texts()
        plural = translated["n_failed_attempts"]
        names = [translation.gettext(name) for name in otp_messages.DEVICE_NAMES]
    with translation.override("en"):
        english = texts()

    untranslated = [key for key in messages if translated[key] == english[key]]
    assert untranslated == []
    assert plural.startswith("Verifikasi dinonaktifkan sementara karena 3 percobaan gagal")
    assert otp_messages.DEVICE_NAMES == [APP_DEVICE_NAME, BACKUP_DEVICE_NAME]
    assert names == ["Aplikasi autentikator", "Kode cadangan"]
