"""The regulation's path in the Bureau's pages: a prospect, its Letter of Intent, the file
handed over and answered, several steps at once, and the file's position."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Holder, Stage, StageAction, StageEvent
from agreements.services.lifecycle import agreement_hand_over

from ..clock import days
from ..factories import AgreementFactory, PartnerFactory, SectorFactory, advance, pdf_upload

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def as_biro(client, biro):
    client.force_login(biro)
    client.cookies["django_language"] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def history_size(agreement) -> int:
    return StageEvent.objects.filter(agreement=agreement).count()


# --- a prospect -----------------------------------------------------------------------------


def test_a_prospect_is_recorded_before_its_sectors_and_unit_are_known(as_biro, biro):
    partner = PartnerFactory(name="Okinawa", native_name="沖縄県", country="Jepang")
    response = as_biro.post(
        reverse("agreements:create"),
        {
            "title": "Penjajakan perikanan NTB – Okinawa",
            "partner": partner.pk,
            "kind": "other",
            "first_contact_date": days(-20).isoformat(),
        },
    )
    agreement = Agreement.objects.get(title="Penjajakan perikanan NTB – Okinawa")
    assert response.status_code == 302
    assert agreement.stage == Stage.EXPLORATION and agreement.is_prospect
    assert agreement.coordinating_unit is None and not agreement.sectors.exists()
    page = text(as_biro.get(agreement.get_absolute_url()))
    assert "not determined yet (prospect)" in page
    listing = text(as_biro.get(reverse("agreements:list")))
    assert "Prospect" in listing


def test_the_letter_of_intent_asks_a_prospect_for_its_sectors_and_unit(as_biro, biro, unit):
    agreement = AgreementFactory(actor=biro, sectors=[], coordinating_unit=None)
    url = reverse("agreements:stage_step", args=[agreement.pk, "loi"])
    assert "Before the Letter of Intent" in text(as_biro.get(url))
    before = history_size(agreement)
    response = as_biro.post(url, {"date": days(-3).isoformat(), "document": pdf_upload("loi.pdf")})
    assert response.status_code == 200
    assert "its sectors and its coordinating work unit" in text(response)
    agreement.refresh_from_db()
    assert agreement.stage == Stage.EXPLORATION and history_size(agreement) == before

    sector = SectorFactory(code="perikanan")
    as_biro.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {
            "title": agreement.title,
            "partner": agreement.partner_id,
            "kind": agreement.kind,
            "sectors": [sector.pk],
            "coordinating_unit": unit.pk,
        },
    )
    response = as_biro.post(url, {"date": days(-3).isoformat(), "document": pdf_upload("loi.pdf")})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.stage == Stage.LOI and agreement.loi_date == days(-3)


def test_after_the_letter_of_intent_the_unit_cannot_be_cleared(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)
    unit_before = agreement.coordinating_unit_id
    response = as_biro.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {"title": agreement.title, "partner": agreement.partner_id, "kind": agreement.kind},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["coordinating_unit"]
    agreement.refresh_from_db()
    assert agreement.coordinating_unit_id == unit_before


# --- handing the file over ------------------------------------------------------------------


def test_the_file_goes_to_the_dprd_with_its_letter_and_comes_back(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.PLAN)
    response = as_biro.post(
        reverse("agreements:hand_over", args=[agreement.pk]),
        {"holder": "dprd", "date": "2024-05-02", "reference_number": "050/123/BAK/2024"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.holder, agreement.held_since) == (Holder.DPRD, days(0).replace(2024, 5, 2))
    assert agreement.holder_reference == "050/123/BAK/2024"
    page = text(as_biro.get(agreement.get_absolute_url()))
    assert 'data-testid="holder">DPRD<' in page
    assert "050/123/BAK/2024" in page and "Answer received from DPRD" in page

    response = as_biro.post(
        reverse("agreements:receive_answer", args=[agreement.pk]),
        {"date": "2024-05-20", "reference_number": "170/DPRD/2024"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.holder == Holder.BUREAU and str(agreement.held_since) == "2024-05-20"
    assert agreement.stage == Stage.PLAN  # the answer moves no step


def test_a_work_unit_receives_the_file_by_name(as_biro, agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.LOI)
    url = reverse("agreements:hand_over", args=[agreement.pk])
    before = history_size(agreement)
    response = as_biro.post(
        url, {"holder": "work_unit", "date": "2024-03-10", "reference_number": "050/1/2024"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["holder_unit"]
    assert history_size(agreement) == before
    as_biro.post(
        url,
        {
            "holder": "work_unit",
            "holder_unit": unit.pk,
            "date": "2024-03-10",
            "reference_number": "050/1/2024",
        },
    )
    agreement.refresh_from_db()
    assert agreement.holder_unit == unit and agreement.holder_name == unit.name


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"holder": "dprd", "date": "2024-05-02"}, "reference_number"),
        ({"holder": "", "date": "2024-05-02", "reference_number": "1"}, "holder"),
        ({"holder": "dprd", "date": "2030-01-01", "reference_number": "1"}, "date"),
        ({"holder": "dprd", "date": "31/02/2024", "reference_number": "1"}, "date"),
    ],
)
def test_a_handover_with_bad_input_is_refused_and_changes_nothing(
    as_biro, agreement, biro, data, field
):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = history_size(agreement)
    response = as_biro.post(reverse("agreements:hand_over", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    agreement.refresh_from_db()
    assert history_size(agreement) == before and agreement.holder == Holder.BUREAU


def test_a_handover_dated_before_the_last_step_is_refused(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)  # LoI of 2024-03-01
    response = as_biro.post(
        reverse("agreements:hand_over", args=[agreement.pk]),
        {"holder": "partner", "date": "2024-02-01", "reference_number": "1/2024"},
    )
    assert "cannot be before the previous step" in text(response)
    agreement.refresh_from_db()
    assert agreement.holder == Holder.BUREAU


def test_a_signed_file_changes_hands_no_more(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.MOU)
    page = text(as_biro.get(reverse("agreements:hand_over", args=[agreement.pk])))
    assert "Only a file on its way to the signing changes hands." in page
    detail = text(as_biro.get(agreement.get_absolute_url()))
    assert 'data-testid="hand-over"' not in detail and 'data-testid="file-position"' not in detail


# --- several steps at once ------------------------------------------------------------------


def test_several_steps_are_recorded_together(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)
    url = reverse("agreements:stage_several", args=[agreement.pk])
    form_page = text(as_biro.get(url, {"through": "dprd"}))
    assert "Cooperation plan agreed" in form_page and "DPRD decision number" in form_page
    response = as_biro.post(
        url,
        {
            "through": "dprd",
            "plan-date": "2024-04-01",
            "plan-document": pdf_upload("plan.pdf"),
            "dprd-date": "2024-06-03",
            "dprd-reference_number": "12/KEP/DPRD/2024",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.stage == Stage.DPRD_APPROVAL
    assert str(agreement.plan_date) == "2024-04-01"
    assert agreement.dprd_decision_number == "12/KEP/DPRD/2024"
    assert agreement.documents.filter(kind="coop_plan").count() == 1


def test_one_wrong_step_among_several_records_none(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = history_size(agreement)
    response = as_biro.post(
        reverse("agreements:stage_several", args=[agreement.pk]),
        {
            "through": "dprd",
            "plan-date": "2024-04-01",
            "plan-document": pdf_upload("plan.pdf"),
            "dprd-date": "2024-03-20",  # before the plan
            "dprd-reference_number": "12/KEP/DPRD/2024",
        },
    )
    assert response.status_code == 200
    assert "cannot be before the previous step" in text(response)
    agreement.refresh_from_db()
    assert agreement.stage == Stage.LOI and history_size(agreement) == before
    assert not agreement.documents.filter(kind="coop_plan").exists()


def test_the_signing_asks_for_its_signatories_and_languages(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.FULL_POWERS)
    url = reverse("agreements:stage_step", args=[agreement.pk, StageAction.MOU_SIGNED])
    page = text(as_biro.get(url))
    assert 'name="signatories"' in page and 'name="languages"' in page
    response = as_biro.post(
        url,
        {
            "date": "2024-09-02",
            "valid_until": "2029-09-01",
            "document": pdf_upload("mou.pdf"),
            "languages": "Bahasa Indonesia, English",
        },
    )
    assert response.context["form"].errors["signatories"]
    response = as_biro.post(
        url,
        {
            "date": "2024-09-02",
            "valid_until": "2029-09-01",
            "document": pdf_upload("mou.pdf"),
            "signatories": "Gubernur NTB\nGovernor of the partner",
            "languages": "Bahasa Indonesia, English",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.stage == Stage.MOU
    assert agreement.mou_languages == "Bahasa Indonesia, English"
    assert "Governor of the partner" in text(as_biro.get(agreement.get_absolute_url()))


# --- where the file is ----------------------------------------------------------------------


def test_the_position_names_the_holder_its_days_and_whose_delay(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.PLAN)
    agreement_hand_over(
        agreement=agreement,
        actor=biro,
        holder=Holder.DPRD,
        date=days(-75),
        reference_number="050/9/BAK/2026",
    )
    page = text(as_biro.get(agreement.get_absolute_url()))
    assert "75 days" in page and "guideline 60 days" in page
    assert "delayed at DPRD" in page and "050/9/BAK/2026" in page


def test_a_file_the_bureau_sits_on_is_the_bureaus_own_delay(as_biro, agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)  # since 2024: far past the plan's 90 days
    page = text(as_biro.get(agreement.get_absolute_url()))
    assert "the Bureau&#x27;s own delay" in page or "the Bureau's own delay" in page
