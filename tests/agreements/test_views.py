"""The agreement pages as Bureau staff use them: happy paths, then bad input."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, Contact, Document, Partner, Stage, StageAction, StageEvent
from agreements.models.documents import DocumentKind
from agreements.seeding.pdf import make_pdf
from agreements.services.documents import document_create

from ..factories import LOI_DATE, MOU_DATE, MOU_VALID_UNTIL, SectorFactory, advance, pdf_upload

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def as_biro(client, biro):
    client.force_login(biro)
    client.cookies["django_language"] = "en"
    return client


def error_codes(response, field) -> list[str]:
    """The codes of a field's errors (their text is translated lazily, after the response)."""
    return [error.code for error in response.context["form"].errors.as_data()[field]]


def counts() -> dict:
    return {
        "agreements": Agreement.objects.count(),
        "contacts": Contact.objects.count(),
        "events": StageEvent.objects.count(),
        "documents": Document.objects.count(),
        "partners": Partner.objects.count(),
    }


def agreement_data(**overrides):
    sector = SectorFactory(code="pertanian")
    data = {
        "title": "Kerja sama agribisnis NTB – Western Australia",
        "kind": "sister_province",
        "sectors": [sector.pk],
        "summary": "Investasi pertanian.",
        "first_contact_date": "2026-02-10",
    }
    data.update(overrides)
    return data


# --- agreements ---------------------------------------------------------------------------


def test_it_creates_an_agreement_with_its_opening_entry(as_biro, biro, unit, other_unit):
    partner = Partner.objects.create(name="Western Australia", country="Australia", level="state")
    fisheries = SectorFactory(code="perikanan")
    data = agreement_data(partner=partner.pk, coordinating_unit=unit.pk)
    data["sectors"].append(fisheries.pk)

    response = as_biro.post(reverse("agreements:create"), data)

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert (agreement.title, agreement.partner, agreement.coordinating_unit) == (
        "Kerja sama agribisnis NTB – Western Australia",
        partner,
        unit,
    )
    assert {s.code for s in agreement.sectors.all()} == {"pertanian", "perikanan"}
    assert (agreement.stage, agreement.first_contact_date, agreement.stage_since) == (
        Stage.EXPLORATION,
        date(2026, 2, 10),
        date(2026, 2, 10),
    )
    opening = StageEvent.objects.get(agreement=agreement)
    assert (opening.action, opening.to_stage, opening.recorded_by) == (
        StageAction.OPENED,
        Stage.EXPLORATION,
        biro,
    )


def test_it_confirms_the_creation_to_the_user(as_biro, unit):
    partner = Partner.objects.create(name="Penang", country="Malaysia", level="state")

    response = as_biro.post(
        reverse("agreements:create"),
        agreement_data(partner=partner.pk, coordinating_unit=unit.pk),
        follow=True,
    )

    assert response.status_code == 200
    assert "The agreement was created." in response.content.decode()


def test_it_keeps_an_agreements_deactivated_coordinating_unit_editable(as_biro, agreement, unit):
    unit.is_active = False
    unit.save()

    response = as_biro.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {
            "title": "Judul baru",
            "partner": agreement.partner_id,
            "kind": agreement.kind,
            "sectors": [s.pk for s in agreement.sectors.all()],
            "coordinating_unit": unit.pk,
            "summary": "",
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.title, agreement.coordinating_unit) == ("Judul baru", unit)


def test_it_edits_what_describes_an_agreement_but_not_its_history(
    as_biro, biro, agreement, other_unit
):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = counts()
    tourism = SectorFactory(code="pariwisata")

    response = as_biro.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {
            "title": "Sister Province Uji (revisi)",
            "partner": agreement.partner_id,
            "kind": "other",
            "sectors": [tourism.pk],
            "coordinating_unit": other_unit.pk,
            "summary": "Ringkasan baru.",
            # Ignored: the first contact is history, not a field of the edit form.
            "first_contact_date": "2025-01-01",
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.title, agreement.kind, agreement.coordinating_unit, agreement.summary) == (
        "Sister Province Uji (revisi)",
        "other",
        other_unit,
        "Ringkasan baru.",
    )
    assert [s.code for s in agreement.sectors.all()] == ["pariwisata"]
    assert (agreement.stage, agreement.loi_date, agreement.first_contact_date) == (
        Stage.LOI,
        LOI_DATE,
        date(2024, 1, 10),
    )
    assert counts() == before


def test_it_shows_the_lifecycle_buttons_of_the_current_stage(as_biro, agreement):
    response = as_biro.get(reverse("agreements:detail", args=[agreement.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Record the Letter of Intent" in page
    assert "Drop the cooperation" in page
    assert "Record the signed MoU" not in page
    assert "Correct the last step" not in page


def test_it_shows_no_lifecycle_buttons_to_leadership(client, leader, agreement):
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("agreements:detail", args=[agreement.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert agreement.title in page
    assert "Lifecycle actions" not in page
    assert "Record the Letter of Intent" not in page


# --- contacts ------------------------------------------------------------------------------


def contact_data(**overrides):
    data = {
        "date": "2026-11-20",
        "kind": "meeting",
        "initiator_type": "consul_general",
        "initiator_name": "Konsul Jenderal RI di Shanghai",
        "participants": "Biro AK\nKonsulat Jenderal",
        "location": "Mataram",
        "notes": "Penjajakan.",
    }
    data.update(overrides)
    return data


def test_it_logs_a_contact_without_attachment(as_biro, biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:contact_create", args=[agreement.pk]), contact_data()
    )

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert (contact.agreement, contact.date, contact.kind, contact.recorded_by) == (
        agreement,
        date(2026, 11, 20),
        "meeting",
        biro,
    )
    assert counts() == {**before, "contacts": before["contacts"] + 1}


@pytest.mark.parametrize(
    ("kind", "document_kind"), [("meeting", DocumentKind.MINUTES), ("letter", DocumentKind.LETTER)]
)
def test_it_logs_a_contact_with_its_attachment(as_biro, agreement, kind, document_kind):
    response = as_biro.post(
        reverse("agreements:contact_create", args=[agreement.pk]),
        contact_data(kind=kind, attachment=pdf_upload("notulen.pdf")),
    )

    contact = Contact.objects.get()
    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.contact, document.agreement, document.kind, document.original_name) == (
        contact,
        agreement,
        document_kind,
        "notulen.pdf",
    )


def test_it_shows_a_logged_contact_on_the_timeline(as_biro, agreement):
    as_biro.post(reverse("agreements:contact_create", args=[agreement.pk]), contact_data())

    response = as_biro.get(reverse("agreements:detail", args=[agreement.pk]))

    assert response.status_code == 200
    assert "Konsul Jenderal RI di Shanghai" in response.content.decode()


# --- stage steps ---------------------------------------------------------------------------


def test_it_records_the_letter_of_intent_with_its_pdf(as_biro, biro, agreement):
    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "loi"]),
        {"date": "2026-11-02", "document": pdf_upload("LoI NTB.pdf"), "note": "Ditandatangani."},
    )

    agreement.refresh_from_db()
    event = StageEvent.objects.get(agreement=agreement, action=StageAction.LOI)
    document = Document.objects.get()
    assert response.status_code == 302
    assert (agreement.stage, agreement.loi_date) == (Stage.LOI, date(2026, 11, 2))
    assert (event.recorded_by, event.note) == (biro, "Ditandatangani.")
    assert (document.stage_event, document.kind, document.original_name) == (
        event,
        DocumentKind.LOI,
        "LoI NTB.pdf",
    )


def test_it_confirms_a_recorded_step(as_biro, agreement):
    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "loi"]),
        {"date": "2026-11-02", "document": pdf_upload()},
        follow=True,
    )

    assert response.status_code == 200
    assert "Recorded: Letter of Intent signed." in response.content.decode()


def test_it_drops_an_agreement_with_its_reason(as_biro, agreement):
    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "dropped"]),
        {"date": "2026-11-20", "reason": "Mitra tidak melanjutkan."},
    )

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.stage, agreement.stage_since) == (Stage.DROPPED, date(2026, 11, 20))
    assert agreement.stage_events.get(action=StageAction.DROPPED).reason == (
        "Mitra tidak melanjutkan."
    )


def test_it_records_the_mou_through_its_page(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.FULL_POWERS)

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "mou"]),
        {
            "date": MOU_DATE.isoformat(),
            "valid_until": MOU_VALID_UNTIL.isoformat(),
            "reference_number": "MoU/NTB/2024",
            "signatories": "Gubernur NTB\nGubernur mitra",
            "document": pdf_upload("mou.pdf"),
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert (agreement.stage, agreement.valid_until, agreement.mou_number) == (
        Stage.MOU,
        MOU_VALID_UNTIL,
        "MoU/NTB/2024",
    )


def test_it_corrects_the_last_step(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    loi = agreement.stage_events.get(action=StageAction.LOI)

    response = as_biro.post(
        reverse("agreements:stage_correct", args=[agreement.pk]),
        {"reason": "Dicatat pada kerja sama yang salah.", "event": loi.pk},
    )

    agreement.refresh_from_db()
    correction = agreement.stage_events.get(action=StageAction.CORRECTED)
    assert response.status_code == 302
    assert (agreement.stage, agreement.loi_date) == (Stage.EXPLORATION, None)
    assert (correction.corrects.action, correction.recorded_by) == (StageAction.LOI, biro)
    assert agreement.stage_events.count() == 3


def test_it_tells_which_step_a_correction_undoes(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)

    response = as_biro.get(reverse("agreements:stage_correct", args=[agreement.pk]))

    assert response.status_code == 200
    assert "This undoes “Letter of Intent signed” of 1 March 2024." in response.content.decode()


def test_it_marks_an_undone_step_on_the_timeline(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    loi = agreement.stage_events.get(action=StageAction.LOI)
    as_biro.post(
        reverse("agreements:stage_correct", args=[agreement.pk]),
        {"reason": "Salah.", "event": loi.pk},
    )

    response = as_biro.get(reverse("agreements:detail", args=[agreement.pk]))

    assert response.status_code == 200
    assert "undone by a correction" in response.content.decode()


# --- documents -----------------------------------------------------------------------------


def test_it_uploads_a_document(as_biro, biro, agreement):
    response = as_biro.post(
        reverse("agreements:document_create", args=[agreement.pk]),
        {"kind": "report", "title": "Laporan tahunan", "file": pdf_upload("laporan.pdf")},
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.agreement, document.kind, document.title, document.uploaded_by) == (
        agreement,
        DocumentKind.REPORT,
        "Laporan tahunan",
        biro,
    )
    assert (document.stage_event, document.contact) == (None, None)
    assert (document.content_type, document.size) == ("application/pdf", len(make_pdf("Evidence")))


@pytest.fixture
def document(biro, agreement):
    return document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("Notulen rapat.pdf", text="Notulen"),
        kind=DocumentKind.MINUTES,
        title="Notulen rapat",
    )


def test_it_downloads_a_document_as_an_attachment(as_biro, document):
    response = as_biro.get(reverse("agreements:document_download", args=[document.pk]))

    body = response.getvalue()
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Notulen rapat.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert body == make_pdf("Notulen")


def test_it_quotes_a_non_ascii_file_name_on_download(as_biro, biro, agreement):
    document = document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("MoU 浙江省.pdf"),
        kind=DocumentKind.MOU,
        title="MoU",
    )

    response = as_biro.get(reverse("agreements:document_download", args=[document.pk]))
    response.close()

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''MoU%20%E6%B5%99%E6%B1%9F%E7%9C%81.pdf"
    )


def test_it_answers_404_when_the_stored_file_is_missing(as_biro, document):
    document.file.storage.delete(document.file.name)

    response = as_biro.get(reverse("agreements:document_download", args=[document.pk]))

    assert response.status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


# --- partners -----------------------------------------------------------------------------


def test_it_creates_a_partner(as_biro):
    response = as_biro.post(
        reverse("agreements:partner_create"),
        {"name": "Okinawa", "native_name": "沖縄県", "country": "Jepang", "level": "prefecture"},
    )

    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:partner_detail", args=[partner.pk])
    assert (partner.name, partner.native_name, partner.country, partner.level) == (
        "Okinawa",
        "沖縄県",
        "Jepang",
        "prefecture",
    )


def test_it_edits_a_partner(as_biro, agreement):
    partner = agreement.partner

    response = as_biro.post(
        reverse("agreements:partner_edit", args=[partner.pk]),
        {"name": "Zhejiang", "native_name": "浙江省", "country": "Tiongkok", "level": "province"},
    )

    partner.refresh_from_db()
    assert response.status_code == 302
    assert (partner.name, partner.native_name) == ("Zhejiang", "浙江省")
    assert Partner.objects.count() == 1


def test_it_shows_a_partner_with_its_native_name(as_biro, agreement):
    response = as_biro.get(reverse("agreements:partner_detail", args=[agreement.partner_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "浙江省" in page
    assert agreement.title in page


# --- bad input ----------------------------------------------------------------------------


def test_it_refuses_an_agreement_without_a_title(as_biro, agreement, unit):
    before = counts()

    response = as_biro.post(
        reverse("agreements:create"),
        agreement_data(title="", partner=agreement.partner_id, coordinating_unit=unit.pk),
    )

    assert response.status_code == 200
    assert error_codes(response, "title") == ["required"]
    assert "This field is required." in response.content.decode()
    assert counts() == before


def test_it_refuses_a_first_contact_in_the_future(as_biro, agreement, unit):
    before = counts()

    response = as_biro.post(
        reverse("agreements:create"),
        agreement_data(
            first_contact_date="2026-11-28", partner=agreement.partner_id, coordinating_unit=unit.pk
        ),
    )

    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert counts() == before


def test_it_refuses_an_edit_without_a_title(as_biro, agreement):
    response = as_biro.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {
            "title": "",
            "partner": agreement.partner_id,
            "kind": "other",
            "sectors": [],
            "coordinating_unit": agreement.coordinating_unit_id,
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert agreement.title == "Sister Province Uji"


def test_it_refuses_a_contact_in_the_future(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:contact_create", args=[agreement.pk]),
        contact_data(date="2026-11-28", attachment=pdf_upload()),
    )

    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert counts() == before


def test_it_refuses_a_letter_of_intent_without_its_document(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "loi"]), {"date": "2026-11-02"}
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert error_codes(response, "document") == ["required"]
    assert "This field is required." in response.content.decode()
    assert agreement.stage == Stage.EXPLORATION
    assert counts() == before


def test_it_refuses_a_dprd_approval_without_its_decision_number(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "dprd"]),
        {"date": "2026-11-02", "reference_number": ""},
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert error_codes(response, "reference_number") == ["required"]
    assert "This field is required." in response.content.decode()
    assert "DPRD decision number" in response.content.decode()
    assert (agreement.stage, agreement.dprd_decision_number) == (Stage.LOI, "")
    assert counts() == before


def test_it_refuses_an_mou_that_ends_before_it_is_signed(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.FULL_POWERS)
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "mou"]),
        {
            "date": "2026-11-02",
            "valid_until": "2026-10-01",
            "signatories": "Gubernur NTB",
            "document": pdf_upload(),
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert "The validity end must come after the date of the step." in response.content.decode()
    assert (agreement.stage, agreement.valid_until) == (Stage.FULL_POWERS, None)
    assert counts() == before


def test_it_refuses_a_skipped_stage_posted_directly(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "mou"]),
        {
            "date": "2026-11-02",
            "valid_until": "2031-11-01",
            "signatories": "Gubernur NTB",
            "document": pdf_upload(),
        },
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert (
        "“MoU signed” is not possible from the stage “Initiative and exploration”."
        in response.content.decode()
    )
    assert (agreement.stage, agreement.mou_signed_date) == (Stage.EXPLORATION, None)
    assert counts() == before


def test_it_refuses_a_step_dated_in_the_future(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "loi"]),
        {"date": "2026-11-28", "document": pdf_upload()},
    )

    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert counts() == before


def test_it_warns_when_a_step_is_not_possible_from_the_current_stage(as_biro, agreement):
    response = as_biro.get(reverse("agreements:stage_step", args=[agreement.pk, "terminated"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["allowed"] is False
    assert "“Terminated” is not possible from the stage “Initiative and exploration”." in page
    assert "Record this step" not in page


def test_it_shows_the_evidence_form_for_a_possible_step(as_biro, agreement):
    response = as_biro.get(reverse("agreements:stage_step", args=[agreement.pk, "loi"]))

    assert response.status_code == 200
    assert response.context["allowed"] is True
    assert set(response.context["form"].fields) == {"date", "consulted_on", "document", "note"}


def test_it_refuses_a_correction_without_a_reason(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_correct", args=[agreement.pk]), {"reason": ""}
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert error_codes(response, "reason") == ["required"]
    assert "This field is required." in response.content.decode()
    assert agreement.stage == Stage.LOI
    assert counts() == before


def test_it_undoes_one_step_only_when_the_correction_is_posted_twice(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.DPRD_APPROVAL)
    path = reverse("agreements:stage_correct", args=[agreement.pk])
    shown = as_biro.get(path).context["form"]["event"].value()
    data = {"reason": "Tanggal keputusan salah.", "event": shown}

    first, second = as_biro.post(path, data), as_biro.post(path, data, follow=True)

    agreement.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200
    # The browser shows the second answer: the agreement, saying what happened.
    assert [str(m) for m in second.context["messages"]] == [
        "The last step was corrected.",
        "This step was already corrected, or another step was recorded meanwhile: "
        "nothing was undone. The history is shown as it is now.",
    ]
    assert agreement.stage == Stage.PLAN  # the step before the DPRD's, on the whole path
    assert agreement.stage_events.filter(action=StageAction.CORRECTED).count() == 1
    assert agreement.stage_events.get(action=StageAction.CORRECTED).corrects_id == shown


def test_it_refuses_a_correction_from_a_page_without_the_step(as_biro, biro, agreement):
    advance(agreement, actor=biro, to=Stage.LOI)
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_correct", args=[agreement.pk]), {"reason": "Salah."}
    )

    assert response.status_code == 200
    assert "The page is out of date: open it again." in response.content.decode()
    assert counts() == before


def test_it_says_when_there_is_nothing_to_correct(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:stage_correct", args=[agreement.pk]), {"reason": "Undo."}
    )

    assert response.status_code == 200
    assert "There is no step to correct." in response.content.decode()
    assert counts() == before


def test_it_refuses_a_document_without_a_file(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:document_create", args=[agreement.pk]),
        {"kind": "report", "title": "Laporan"},
    )

    assert response.status_code == 200
    assert error_codes(response, "file") == ["required"]
    assert "This field is required." in response.content.decode()
    assert counts() == before


def test_it_refuses_a_second_partner_of_the_same_name_and_country(as_biro, agreement):
    before = counts()

    response = as_biro.post(
        reverse("agreements:partner_create"),
        {
            "name": agreement.partner.name,
            "native_name": "",
            "country": agreement.partner.country,
            "level": "province",
        },
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert counts() == before


# --- error pages ---------------------------------------------------------------------------


def test_it_explains_a_refusal_for_lack_of_rights(client, leader):
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("agreements:create"))

    assert response.status_code == 403
    assert "Your role does not allow this action." in response.content.decode()


def test_it_explains_a_missing_page_without_naming_it(client, stranger, agreement):
    client.force_login(stranger)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("agreements:detail", args=[agreement.pk]))

    page = response.content.decode()
    assert response.status_code == 404
    assert "The page does not exist, or you do not have access to it." in page
    assert agreement.title not in page
