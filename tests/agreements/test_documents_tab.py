"""The agreement page's documents tab and the document upload form's kind.

Both units take part in ``agreement``: ``unit`` (the officer's) coordinates it;
``other_unit`` (the stranger's) leads a commitment of its own with a task in it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Document, Stage, StageAction
from agreements.models.documents import DocumentKind
from agreements.selectors.documents import agreement_documents
from agreements.services.agreements import contact_create
from agreements.services.documents import document_create

from ..conftest import client_for
from ..factories import AgreementFactory, advance, pdf_upload
from ..followup.conftest import CommitmentFactory, RequestFactory, TaskFactory, post_progress
from .test_uploads import make_png

MARK = "RAHASIA-DISPAR-5d1"


@pytest.fixture
def other_units_task(clock, agreement, biro, other_unit):
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=other_unit)
    return TaskFactory(commitment=commitment, actor=biro, responsible_unit=other_unit)


@pytest.fixture
def own_task(clock, agreement, biro, unit):
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    return TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit, title="Bibit")


def documents_section(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="documents"')
    return html[start : html.index("</section>", start)]


def add_other_units_files(agreement, biro, stranger, other_units_task):
    """Marked files of the other unit: task evidence, a task report and a letter."""
    post_progress(
        other_units_task,
        actor=stranger,
        text="Promosi",
        evidence=[SimpleUploadedFile(f"{MARK}-foto.png", make_png(), "image/png")],
    )
    document_create(
        agreement=agreement,
        actor=stranger,
        file=pdf_upload("laporan.pdf"),
        kind=DocumentKind.REPORT,
        title=f"{MARK} laporan",
        task=other_units_task,
    )
    letter = RequestFactory(
        actor=biro, agreement=agreement, work_unit=other_units_task.responsible_unit
    )
    document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("surat.pdf"),
        kind=DocumentKind.LETTER,
        title=f"{MARK} surat",
        coordination_request=letter,
    )


def test_it_lists_every_file_under_the_agreement_with_what_it_belongs_to(
    agreement, biro, stranger, unit, own_task, other_units_task
):
    document_create(
        agreement=agreement,
        actor=biro,
        file=pdf_upload("mou-draf.pdf"),
        kind=DocumentKind.MINUTES,
        title="Notulen rapat",
    )
    post_progress(
        own_task,
        actor=biro,
        evidence=[SimpleUploadedFile("panen.png", make_png(), "image/png")],
    )
    add_other_units_files(agreement, biro, stranger, other_units_task)

    response = client_for(biro).get(reverse("agreements:detail", args=[agreement.pk]))

    assert response.status_code == 200
    section = documents_section(response)
    assert "Notulen rapat" in section
    titles = {d.title for d in response.context["documents"] if MARK in d.title}
    assert titles == {f"{MARK}-foto.png", f"{MARK} laporan", f"{MARK} surat"}
    assert all(title in section for title in titles)
    photo = Document.objects.get(title="panen.png")
    # A progress photo is filed as a photo, with a thumbnail served by the protected view.
    assert photo.kind == DocumentKind.PHOTO
    thumbnail = reverse("agreements:document_download", args=[photo.pk]) + "?inline=1"
    assert f'src="{thumbnail}"' in section
    assert 'alt="Foto: panen.png"' in section
    assert own_task.get_absolute_url() in section  # what it belongs to, linked
    assert "Kemajuan " in section
    assert len(response.context["documents"]) == 5


def test_it_keeps_another_units_evidence_and_letters_off_the_officers_tab(
    agreement, biro, officer, stranger, other_units_task
):
    add_other_units_files(agreement, biro, stranger, other_units_task)
    url = reverse("agreements:detail", args=[agreement.pk])

    as_officer = client_for(officer).get(url)
    as_stranger = client_for(stranger).get(url)

    assert as_officer.status_code == as_stranger.status_code == 200
    assert MARK not in documents_section(as_officer)
    assert list(as_officer.context["documents"]) == []
    assert len([d for d in as_stranger.context["documents"] if MARK in d.title]) == 3
    assert f"{MARK} surat" in documents_section(as_stranger)


def test_it_filters_the_tab_by_kind(agreement, biro):
    for kind, title in [(DocumentKind.MINUTES, "Notulen"), (DocumentKind.REPORT, "Laporan")]:
        document_create(
            agreement=agreement, actor=biro, file=pdf_upload(), kind=kind, title=f"{title} uji"
        )
    url = reverse("agreements:detail", args=[agreement.pk])

    minutes = client_for(biro).get(url, {"kind": "minutes"})
    unknown = client_for(biro).get(url, {"kind": "nope"})

    assert minutes.status_code == unknown.status_code == 200
    assert "Notulen uji" in documents_section(minutes)
    assert "Laporan uji" not in documents_section(minutes)
    assert '<option value="minutes" selected>' in documents_section(minutes)
    assert {d.title for d in unknown.context["documents"]} == {"Notulen uji", "Laporan uji"}


def test_it_serves_a_photo_inline_and_other_files_only_as_downloads(agreement, biro):
    photo = document_create(
        agreement=agreement,
        actor=biro,
        file=SimpleUploadedFile("foto.png", make_png(), "image/png"),
        kind=DocumentKind.PHOTO,
        title="Foto",
    )
    pdf = document_create(
        agreement=agreement, actor=biro, file=pdf_upload(), kind=DocumentKind.REPORT, title="L"
    )
    client = client_for(biro)

    shown = client.get(reverse("agreements:document_download", args=[photo.pk]), {"inline": "1"})
    forced = client.get(reverse("agreements:document_download", args=[pdf.pk]), {"inline": "1"})

    assert shown.status_code == forced.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert forced["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("role", ["biro", "officer"])
def test_the_tab_query_count_stays_flat_as_documents_grow(request, agreement, biro, own_task, role):
    user = request.getfixturevalue(role)
    url = reverse("agreements:detail", args=[agreement.pk])

    def add(count):
        for n in range(count):
            post_progress(
                own_task,
                actor=biro,
                evidence=[SimpleUploadedFile(f"foto{n}.png", make_png(), "image/png")],
            )
            document_create(
                agreement=agreement, actor=biro, file=pdf_upload(), kind="report", title=f"L{n}"
            )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client_for(user).get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["documents"])

    add(1)
    small, few = count_queries()
    add(6)
    large, many = count_queries()

    assert (few, many) == (2, 14)
    assert small == large


# --- the upload form's kind ----------------------------------------------------------------


def test_the_upload_form_starts_with_no_kind_chosen(agreement, biro):
    response = client_for(biro).get(reverse("agreements:document_create", args=[agreement.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["kind"].required
    html = response.content.decode()
    select = html[html.index('name="kind"') : html.index("</select>", html.index('name="kind"'))]
    assert '<option value="" selected>' in select


def test_the_upload_form_refuses_a_missing_kind_and_stores_nothing(agreement, biro):
    response = client_for(biro).post(
        reverse("agreements:document_create", args=[agreement.pk]),
        {"kind": "", "title": "Tanpa jenis", "file": pdf_upload()},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["Pilih jenis dokumen."]
    assert not Document.objects.filter(title="Tanpa jenis").exists()


def test_a_kind_set_by_the_place_of_upload_is_hidden_and_kept():
    from agreements.forms import DocumentForm

    form = DocumentForm(
        {"kind": "other", "title": "Foto panen"},
        {"file": SimpleUploadedFile("foto.png", make_png(), "image/png")},
        kind=DocumentKind.PHOTO,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["kind"] == DocumentKind.PHOTO
    assert form["kind"].is_hidden


def test_the_selector_scopes_by_the_user(agreement, biro, officer, stranger, other_units_task):
    add_other_units_files(agreement, biro, stranger, other_units_task)

    for_officer = agreement_documents(agreement=agreement, user=officer)
    for_stranger = agreement_documents(agreement=agreement, user=stranger, kind="letter")

    assert list(for_officer) == []
    assert [d.title for d in for_stranger] == [f"{MARK} surat"]


def test_an_upload_started_from_a_contact_is_filed_under_it_with_its_kind(agreement, biro):
    contact = contact_create(
        agreement=agreement,
        actor=biro,
        date=agreement.first_contact_date,
        kind="meeting",
        initiator_type="official",
        participants="Biro AK",
    )
    url = reverse("agreements:document_create", args=[agreement.pk]) + f"?contact={contact.pk}"
    client = client_for(biro)

    shown = client.get(url)
    response = client.post(url, {"kind": "mou", "title": "Notulen rapat", "file": pdf_upload()})

    assert shown.status_code == 200
    assert shown.context["form"]["kind"].is_hidden
    assert "Notulen" in shown.content.decode().split('data-testid="upload-place"')[1]
    assert response.status_code == 302
    document = Document.objects.get(title="Notulen rapat")
    # The posted kind is ignored: the place of upload sets it.
    assert (document.contact, document.kind) == (contact, DocumentKind.MINUTES)


def test_an_upload_started_from_a_step_takes_the_steps_kind(agreement, biro):
    advance(agreement, actor=biro, to=Stage.LOI)
    event = agreement.stage_events.get(action=StageAction.LOI)
    url = reverse("agreements:document_create", args=[agreement.pk]) + f"?step={event.pk}"

    response = client_for(biro).post(url, {"title": "LoI bertanda tangan", "file": pdf_upload()})

    assert response.status_code == 302
    document = Document.objects.get(title="LoI bertanda tangan")
    assert (document.stage_event, document.kind) == (event, DocumentKind.LOI)


@pytest.mark.parametrize("query", ["?step=opening", "?step=abc", "?contact=999999"])
def test_an_unknown_place_of_upload_is_not_found(agreement, biro, query):
    if query == "?step=opening":
        query = f"?step={agreement.stage_events.get().pk}"  # the opening takes no document
    url = reverse("agreements:document_create", args=[agreement.pk]) + query

    response = client_for(biro).post(url, {"title": "X", "kind": "other", "file": pdf_upload()})

    assert response.status_code == 404
    assert not Document.objects.exists()


def test_another_agreements_contact_is_not_a_place_of_upload(agreement, biro):
    other = AgreementFactory(actor=biro)
    contact = contact_create(
        agreement=other,
        actor=biro,
        date=other.first_contact_date,
        kind="meeting",
        initiator_type="official",
        participants="Biro AK",
    )
    url = reverse("agreements:document_create", args=[agreement.pk]) + f"?contact={contact.pk}"

    response = client_for(biro).get(url)

    assert response.status_code == 404
