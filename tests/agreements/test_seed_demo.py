"""The demo data command and the daily expiry command."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.models import Agreement, Contact, Document, Partner, Role, Stage, User, WorkUnit

from ..factories import AgreementFactory, advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

ZHEJIANG = "Sister Province NTB – Zhejiang"


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_loads_the_same_data_when_run_twice(debug_on):
    seed()
    first = model_counts()

    output = seed()

    assert model_counts() == first
    assert "Demo data ready." in output
    assert first["agreements.Agreement"] == 6
    assert first["agreements.Sector"] == 8
    assert first["agreements.WorkUnit"] == 10
    assert first["agreements.User"] == 5


def test_it_loads_zhejiang_in_force_with_its_whole_history(debug_on):
    seed()

    sister = Agreement.objects.select_related("partner").get(title=ZHEJIANG)
    actions = list(
        sister.stage_events.order_by("recorded_at", "pk").values_list("action", flat=True)
    )
    assert actions == ["opened", "loi", "dprd", "mou", "renewed", "renewed"]
    assert (sister.stage, sister.valid_until) == (Stage.MOU, date(2030, 5, 21))
    assert (sister.partner.name, sister.partner.native_name) == ("Zhejiang", "浙江省")
    assert sister.first_contact_date == date(2012, 10, 15)
    assert sister.loi_date == date(2013, 11, 20)
    assert sister.dprd_approval_date == date(2014, 9, 8)
    assert sister.dprd_decision_number == "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"
    assert sister.mou_signed_date == date(2015, 5, 22)
    assert sister.sectors.count() == 8
    assert Contact.objects.filter(agreement=sister).count() == 2
    assert Document.objects.filter(agreement=sister).count() == 3


def test_it_loads_a_demo_agreement_at_each_kind_of_stage(debug_on):
    seed()

    stages = dict(Agreement.objects.values_list("title", "stage"))
    assert stages == {
        ZHEJIANG: Stage.MOU,
        "Kerja sama agribisnis NTB – Western Australia (demo)": Stage.LOI,
        "Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)": Stage.DPRD_APPROVAL,
        "Penjajakan perikanan NTB – Okinawa (demo)": Stage.CONTACT,
        "Kerja sama perhubungan NTB – Fuzhou (demo)": Stage.DROPPED,
        "Kerja sama pendidikan NTB – Penang (demo)": Stage.EXPIRED,
    }


@pytest.mark.parametrize(
    ("username", "role", "unit", "staff"),
    [
        ("biro", Role.BIRO, None, False),
        ("pimpinan", Role.LEADERSHIP, None, False),
        ("skpd-pertanian", Role.SKPD, "Distanbun", False),
        ("skpd-pariwisata", Role.SKPD, "Dispar", False),
        ("admin", Role.ADMINISTRATOR, None, True),
    ],
)
def test_it_creates_the_demo_accounts(client, debug_on, username, role, unit, staff):
    seed()

    user = User.objects.select_related("work_unit").get(username=username)
    assert user.role == role
    assert (user.work_unit.abbreviation if user.work_unit else None) == unit
    assert (user.is_staff, user.is_superuser) == (staff, staff)
    assert user.check_password("demo-kerjasama")
    # Through the login form, as a person would (Client.login has no request for django-axes).
    response = client.post(reverse("login"), {"username": username, "password": "demo-kerjasama"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_keeps_a_changed_demo_password_on_a_second_run(debug_on):
    seed()
    biro = User.objects.get(username="biro")
    biro.set_password("changed-by-the-user")
    biro.save()

    seed()

    biro.refresh_from_db()
    assert biro.check_password("changed-by-the-user")


def test_it_refuses_to_load_demo_data_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()

    assert (User.objects.count(), Agreement.objects.count()) == (0, 0)


def test_it_loads_demo_data_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    output = seed("--force")

    assert "Demo data ready." in output
    assert Agreement.objects.count() == 6


def test_it_does_nothing_with_if_empty_when_people_exist(debug_on, biro):
    output = seed("--if-empty")

    assert "already has data" in output
    assert (User.objects.count(), Agreement.objects.count(), WorkUnit.objects.count()) == (1, 0, 0)


def test_it_loads_with_if_empty_on_an_empty_database(debug_on):
    output = seed("--if-empty")

    assert "Demo data ready." in output
    assert (User.objects.count(), Partner.objects.count()) == (5, 6)


def test_it_finds_nothing_more_to_expire_after_loading_the_demo(debug_on):
    seed()
    out = StringIO()

    call_command("expire_agreements", stdout=out)

    assert "0 agreement(s) expired." in out.getvalue()
    assert Agreement.objects.get(title=ZHEJIANG).stage == Stage.MOU


# --- expire_agreements -----------------------------------------------------------------------


def test_it_expires_an_mou_past_its_validity_and_says_so(biro):
    past = advance(
        AgreementFactory(actor=biro, title="MoU lama"),
        actor=biro,
        to=Stage.MOU,
        valid_until=date(2026, 11, 26),
    )
    ending_today = advance(
        AgreementFactory(actor=biro, title="MoU berakhir hari ini"),
        actor=biro,
        to=Stage.MOU,
        valid_until=date(2026, 11, 27),
    )
    out = StringIO()

    call_command("expire_agreements", stdout=out)

    past.refresh_from_db()
    ending_today.refresh_from_db()
    assert (past.stage, past.stage_since) == (Stage.EXPIRED, date(2026, 11, 27))
    assert ending_today.stage == Stage.MOU
    assert out.getvalue() == f"expired: {past.pk} MoU lama\n1 agreement(s) expired.\n"


def test_it_expires_nothing_twice(biro):
    advance(
        AgreementFactory(actor=biro, title="MoU lama"),
        actor=biro,
        to=Stage.MOU,
        valid_until=date(2026, 1, 31),
    )
    call_command("expire_agreements", stdout=StringIO())
    out = StringIO()

    call_command("expire_agreements", stdout=out)

    assert out.getvalue() == "0 agreement(s) expired.\n"
    assert Agreement.objects.get().stage_events.filter(action="expired").count() == 1
