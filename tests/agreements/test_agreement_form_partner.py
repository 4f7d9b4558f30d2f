"""A new partner made from the new-agreement form ("Mitra baru"), and a new task under a
commitment starting with the commitment's lead unit."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, Partner, StageEvent
from agreements.services.agreements import AgreementError, agreement_create

from ..conftest import client_for
from ..factories import PartnerFactory, SectorFactory, WorkUnitFactory
from ..followup.conftest import CommitmentFactory

NEW_PARTNER = {
    "new_partner-name": "Western Australia",
    "new_partner-native_name": "",
    "new_partner-country": "Australia",
    "new_partner-level": "state",
}


def agreement_data(unit, **overrides):
    data = {
        "title": "Kerja sama agribisnis NTB – Western Australia",
        "kind": "sister_province",
        "sectors": [SectorFactory(code="pertanian").pk],
        "coordinating_unit": unit.pk,
        "summary": "",
        "first_contact_date": "2026-02-10",
        "partner": "",
    }
    data.update(overrides)
    return data


def nothing_created():
    return (Agreement.objects.count(), Partner.objects.count(), StageEvent.objects.count())


def test_the_new_agreement_form_offers_a_new_partner_fieldset(biro):
    response = client_for(biro).get(reverse("agreements:create"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="new-partner"' in html
    assert "<legend" in html.split('data-testid="new-partner"')[1].split("</legend>")[0]
    assert "Mitra baru" in html
    assert 'for="id_new_partner-name"' in html and 'id="id_new_partner-name"' in html


def test_the_edit_form_has_no_new_partner(biro, agreement):
    response = client_for(biro).get(reverse("agreements:edit", args=[agreement.pk]))

    assert response.status_code == 200
    assert 'data-testid="new-partner"' not in response.content.decode()


def test_it_creates_the_agreement_and_its_new_partner_together(biro, unit):
    response = client_for(biro).post(
        reverse("agreements:create"), agreement_data(unit, **NEW_PARTNER)
    )

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    partner = Partner.objects.get()
    assert (partner.name, partner.country, partner.level) == (
        "Western Australia",
        "Australia",
        "state",
    )
    assert agreement.partner == partner
    assert partner.history.get().history_user == biro


def test_it_refuses_both_an_existing_and_a_new_partner_and_creates_nothing(biro, unit):
    existing = PartnerFactory(name="Penang", country="Malaysia")
    before = nothing_created()

    response = client_for(biro).post(
        reverse("agreements:create"), agreement_data(unit, partner=existing.pk, **NEW_PARTNER)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["partner"] == [
        "Pilih mitra yang sudah terdaftar atau isi data mitra baru, tidak keduanya."
    ]
    assert nothing_created() == before


def test_it_refuses_neither_partner(biro, unit):
    response = client_for(biro).post(reverse("agreements:create"), agreement_data(unit))

    assert response.status_code == 200
    assert response.context["form"].errors["partner"] == ["Pilih mitra atau isi data mitra baru."]
    assert nothing_created() == (0, 0, 0)


def test_it_refuses_an_incomplete_new_partner_and_shows_its_errors(biro, unit):
    data = agreement_data(unit, **{**NEW_PARTNER, "new_partner-country": ""})

    response = client_for(biro).post(reverse("agreements:create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["Periksa isian data mitra baru."]
    assert "country" in form.new_partner.errors
    assert nothing_created() == (0, 0, 0)


def test_it_refuses_a_new_partner_that_exists_already(biro, unit):
    PartnerFactory(name="Western Australia", country="Australia", level="state")

    response = client_for(biro).post(
        reverse("agreements:create"), agreement_data(unit, **NEW_PARTNER)
    )

    assert response.status_code == 200
    assert response.context["form"].new_partner.non_field_errors()
    assert (Agreement.objects.count(), Partner.objects.count()) == (0, 1)


def test_a_refused_agreement_leaves_no_new_partner_behind(biro, unit):
    """The service refuses after the partner would be made: the transaction undoes both."""
    sector = SectorFactory(code="pertanian")
    with pytest.raises(AgreementError):
        agreement_create(
            actor=biro,
            title="Masa depan",
            new_partner={"name": "Okinawa", "country": "Jepang", "level": "prefecture"},
            kind="sister_province",
            sectors=[sector],
            coordinating_unit=unit,
            first_contact_date=date(2099, 1, 1),
        )

    assert nothing_created() == (0, 0, 0)


def test_the_service_refuses_both_partners(biro, unit):
    with pytest.raises(AgreementError):
        agreement_create(
            actor=biro,
            title="Dua mitra",
            partner=PartnerFactory(),
            new_partner={"name": "Okinawa", "country": "Jepang", "level": "prefecture"},
            kind="sister_province",
            sectors=[SectorFactory(code="pertanian")],
            coordinating_unit=unit,
            first_contact_date=date(2026, 1, 5),
        )

    assert (Agreement.objects.count(), Partner.objects.count()) == (0, 1)


# --- a new task starts with the commitment's lead unit --------------------------------------


def test_a_new_task_starts_with_the_commitments_lead_unit(biro, agreement, other_unit):
    WorkUnitFactory(name="Dinas Kelautan", abbreviation="DKP")
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=other_unit)

    response = client_for(biro).get(reverse("agreements:task_create", args=[commitment.pk]))

    assert response.status_code == 200
    assert response.context["form"]["responsible_unit"].value() == other_unit.pk
    html = response.content.decode()
    select = html.split('name="responsible_unit"')[1].split("</select>")[0]
    assert f'<option value="{other_unit.pk}" selected>' in select
