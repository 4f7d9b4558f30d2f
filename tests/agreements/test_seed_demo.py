"""The demo data command and the daily expiry command."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements import health
from agreements.models import (
    Agreement,
    BudgetLine,
    Contact,
    Document,
    FollowUpTask,
    Holder,
    Partner,
    Role,
    Stage,
    StageAction,
    User,
    WorkUnit,
)
from agreements.models.agreements import ContactKind, Initiator
from agreements.models.documents import DocumentKind
from agreements.models.pks import ImplementingAgreement, PksStage
from agreements.models.reference import PartnerLevel
from agreements.seeding import demo
from agreements.selectors.dashboard import dashboard_scope, sector_matrix

from ..clock import TODAY, days
from ..factories import AgreementFactory, advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

ZHEJIANG = "Sister Province NTB – Zhejiang"
GUANGXI = "Sister Province NTB – Guangxi (demo)"
WESTERN_AUSTRALIA = "Kerja sama agribisnis NTB – Western Australia (demo)"
GYEONGBUK = "Kerja sama kebudayaan NTB – Gyeongsangbuk-do (demo)"
OKINAWA = "Penjajakan perikanan NTB – Okinawa (demo)"
# The PKS are loaded through the PKS service; without it the demo loads without them.
HAS_PKS = demo.pks_service is not None


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def actions_of(agreement) -> list[str]:
    return list(agreement.stage_events.order_by("pk").values_list("action", flat=True))


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_loads_the_same_data_when_run_twice(debug_on):
    seed()
    first = model_counts()

    output = seed()

    assert model_counts() == first
    assert "Demo data ready." in output
    assert first["agreements.Agreement"] == 7
    assert first["agreements.Partner"] == 7
    assert first["agreements.Sector"] == 8
    assert first["agreements.WorkUnit"] == 10
    assert first["agreements.User"] == 5
    assert first["agreements.ImplementingAgreement"] == (2 if HAS_PKS else 0)


def test_it_loads_zhejiang_in_force_with_its_whole_path(debug_on):
    seed()

    sister = Agreement.objects.select_related("partner").get(title=ZHEJIANG)
    assert actions_of(sister) == [
        "opened",
        "loi",
        "plan",
        "handover",
        "dprd",
        "handover",
        "verified",
        "handover",
        "full_powers",
        "mou",
        "renewed",
        "renewed",
    ]
    assert (sister.stage, sister.valid_until) == (Stage.MOU, date(2030, 5, 21))
    assert (sister.partner.name, sister.partner.native_name) == ("Zhejiang", "浙江省")
    assert sister.first_contact_date == date(2012, 10, 15)
    assert (sister.loi_date, sister.kemlu_consulted_on) == (date(2013, 11, 20), date(2013, 10, 1))
    assert sister.plan_date == date(2014, 2, 17)
    assert sister.dprd_approval_date == date(2014, 9, 8)
    assert sister.dprd_decision_number == "Keputusan DPRD NTB No. 12/KEP/DPRD/2014"
    assert (sister.verified_date, sister.full_powers_date) == (date(2015, 2, 16), date(2015, 4, 20))
    assert sister.verification_number and sister.full_powers_number
    assert (sister.mou_signed_date, sister.stage_since) == (date(2015, 5, 22), date(2015, 5, 22))
    assert sister.mou_signatories == "Gubernur Nusa Tenggara Barat\nGubernur Provinsi Zhejiang"
    assert sister.mou_languages == "Bahasa Indonesia, 中文, English"
    assert sister.mou_number == "MoU/NTB-ZJ/2025"
    assert sister.sectors.count() == 8
    assert Contact.objects.filter(agreement=sister).count() == 2
    # LoI, plan, the inter-ministerial minutes, the MoU, its 2025 renewal.
    assert Document.objects.filter(agreement=sister, stage_event__isnull=False).count() == 5
    # Signed: nobody holds the file; on its way it went to the DPRD, Kemendagri, Kemlu.
    assert (sister.holder, sister.held_since) == (Holder.BUREAU, None)
    handovers = sister.stage_events.filter(action=StageAction.HANDED_OVER).order_by("pk")
    assert [(e.holder, e.from_stage) for e in handovers] == [
        (Holder.DPRD, Stage.PLAN),
        (Holder.KEMENDAGRI, Stage.DPRD_APPROVAL),
        (Holder.KEMLU, Stage.VERIFIED),
    ]
    assert handovers[0].reference_number.startswith("Surat Gubernur No. 050/")


def test_it_loads_a_demo_agreement_at_each_kind_of_stage_with_its_holder(debug_on):
    seed()

    files = {
        title: (stage, holder)
        for title, stage, holder in Agreement.objects.values_list("title", "stage", "holder")
    }
    assert files == {
        ZHEJIANG: (Stage.MOU, Holder.BUREAU),
        GUANGXI: (Stage.DPRD_APPROVAL, Holder.KEMENDAGRI),
        WESTERN_AUSTRALIA: (Stage.LOI, Holder.PARTNER),
        GYEONGBUK: (Stage.PLAN, Holder.DPRD),
        OKINAWA: (Stage.EXPLORATION, Holder.BUREAU),
        "Kerja sama perhubungan NTB – Fuzhou (demo)": (Stage.DROPPED, Holder.BUREAU),
        "Kerja sama pendidikan NTB – Penang (demo)": (Stage.EXPIRED, Holder.BUREAU),
    }


def test_it_leaves_guangxi_waiting_at_kemendagri_past_its_guideline(debug_on):
    seed()

    guangxi = Agreement.objects.select_related("partner").get(title=GUANGXI)
    assert (guangxi.partner.native_name, guangxi.partner.level) == (
        "广西壮族自治区",
        PartnerLevel.PROVINCE,
    )
    assert guangxi.held_since == days(-150)
    assert guangxi.holder_reference.startswith("Surat Gubernur No. 120/")
    assert (guangxi.loi_date, guangxi.plan_date) == (days(-640), days(-470))
    assert guangxi.dprd_approval_date == days(-260)
    assert (
        health.days_held(guangxi, TODAY) == 150 > health.guideline_days(guangxi.kind, guangxi.stage)
    )
    assert health.agreement_is_delayed(guangxi, TODAY)


def test_it_leaves_gyeongbuk_waiting_at_the_dprd_and_western_australia_young(debug_on):
    seed()

    gyeongbuk = Agreement.objects.get(title=GYEONGBUK)
    assert (gyeongbuk.holder, gyeongbuk.held_since) == (Holder.DPRD, days(-100))
    assert (gyeongbuk.dprd_approval_date, gyeongbuk.dprd_decision_number) == (None, "")
    assert health.agreement_is_delayed(gyeongbuk, TODAY)
    young = Agreement.objects.select_related("coordinating_unit").get(title=WESTERN_AUSTRALIA)
    assert (young.loi_date, young.held_since) == (days(-60), days(-30))
    assert young.coordinating_unit.abbreviation == "Distanbun"
    assert set(young.sectors.values_list("code", flat=True)) == {"pertanian", "perindag"}
    assert not health.agreement_is_delayed(young, TODAY)


def test_it_loads_a_prospect_after_a_consul_generals_visit(debug_on):
    seed()

    prospect = Agreement.objects.get(title=OKINAWA)
    assert prospect.is_prospect
    assert (prospect.coordinating_unit, prospect.sectors.count()) == (None, 0)
    (visit,) = Contact.objects.filter(agreement=prospect)
    assert (visit.kind, visit.initiator_type, visit.initiator_name) == (
        ContactKind.VISIT,
        Initiator.CONSUL_GENERAL,
        "Konsul Jenderal Jepang di Denpasar",
    )
    assert prospect.first_contact_date == visit.date == days(-80)


def test_no_sector_is_called_stalled_because_a_negotiation_is_slow(debug_on):
    seed()
    pimpinan = User.objects.get(username="pimpinan")

    scope = dashboard_scope(user=pimpinan, fiscal_year=TODAY.year)
    matrix = sector_matrix(scope, TODAY)

    reasons = {
        row["sector"].code: [f.reason for f in row["assessment"].findings]
        for row in matrix
        if row["assessment"] is not None
    }
    assert all(health.Reason.DELAYED not in found for found in reasons.values())
    # Culture's only negotiation waits at the DPRD; what it has is its own follow-up's.
    follow_up = {health.Reason.OVERDUE, health.Reason.NO_RESPONSE}
    follow_up |= {health.Reason.NO_BUDGET, health.Reason.NO_PROGRESS}
    assert set(reasons.get("kebudayaan", [])) <= follow_up
    # The study's three causes still show on the Zhejiang follow-up.
    found = {reason for codes in reasons.values() for reason in codes}
    assert {health.Reason.OVERDUE, health.Reason.NO_RESPONSE, health.Reason.NO_BUDGET} <= found


needs_pks = pytest.mark.skipif(not HAS_PKS, reason="the PKS service is not there yet")


@needs_pks
def test_it_loads_two_pks_in_force_under_the_zhejiang_mou(debug_on):
    seed()

    tourism, agri = ImplementingAgreement.objects.select_related("work_unit").order_by("pk")
    assert (tourism.stage, agri.stage) == (PksStage.IN_FORCE, PksStage.IN_FORCE)
    assert {tourism.agreement.title, agri.agreement.title} == {ZHEJIANG}
    assert (tourism.work_unit.abbreviation, tourism.counterpart_native_name) == (
        "Dispar",
        "浙江省文化和旅游厅",
    )
    assert (agri.work_unit.abbreviation, agri.counterpart_native_name) == (
        "Distanbun",
        "浙江省农业农村厅",
    )
    assert tourism.valid_until == days(120)
    assert health.pks_is_expiring(tourism, TODAY)
    assert agri.valid_until == date(2029, 9, 2)
    assert not health.pks_is_expiring(agri, TODAY)
    for pks in (tourism, agri):
        assert pks.authorisation_number.startswith("Surat Kuasa Gubernur No. 180/")
        assert pks.number and pks.signed_on and pks.reviewed_on
        assert pks.documents.filter(kind=DocumentKind.PKS).count() == 1
    assert list(tourism.commitments.values_list("title", flat=True)) == [
        "Promosi wisata bersama Lombok–Hangzhou"
    ]
    assert list(agri.commitments.values_list("title", flat=True)) == [
        "Pengembangan agribisnis jagung dan hortikultura"
    ]
    plan = tourism.documents.get(kind=DocumentKind.WORK_PLAN)
    assert plan.title == "Rencana Kerja Tahunan 2026"


@needs_pks
def test_it_puts_tasks_and_budget_lines_under_each_pks(debug_on):
    seed()

    tourism, agri = ImplementingAgreement.objects.order_by("pk")
    # The fair, and the 2026 work plan's activity made into a task (seed_monitoring).
    assert sorted(tourism.tasks.values_list("title", flat=True)) == [
        "Pameran wisata Lombok di Hangzhou",
        "Pameran wisata bersama di Hangzhou",
    ]
    assert list(agri.tasks.values_list("title", flat=True)) == [
        "Uji coba varietas jagung unggul di Lombok Timur"
    ]
    assert list(tourism.budget_lines.values_list("work_unit__abbreviation", flat=True)) == [
        "Dispar"
    ]
    assert list(agri.budget_lines.values_list("task__title", flat=True)) == [
        "Uji coba varietas jagung unggul di Lombok Timur"
    ]
    # Every other task and line belongs to the MoU only.
    assert FollowUpTask.objects.filter(pks__isnull=False).count() == 3
    assert BudgetLine.objects.filter(pks__isnull=False).count() == 2


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
    assert Agreement.objects.count() == 7


def test_it_does_nothing_with_if_empty_when_people_exist(debug_on, biro):
    output = seed("--if-empty")

    assert "already has data" in output
    assert (User.objects.count(), Agreement.objects.count(), WorkUnit.objects.count()) == (1, 0, 0)


def test_it_loads_with_if_empty_on_an_empty_database(debug_on):
    output = seed("--if-empty")

    assert "Demo data ready." in output
    assert (User.objects.count(), Partner.objects.count()) == (5, 7)


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
