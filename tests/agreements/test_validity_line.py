"""One line, one MoU: the summary shows the validity in effect and the number of the
document that set it; the signing and each renewal stay apart, in the timeline."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Stage, StageAction
from agreements.services.lifecycle import agreement_move_stage

from ..conftest import client_for
from ..factories import MOU_DATE, advance, pdf_upload


@pytest.fixture
def signed(clock, agreement, biro):
    advance(agreement, actor=biro, to=Stage.FULL_POWERS)
    agreement_move_stage(
        agreement=agreement,
        actor=biro,
        action=StageAction.MOU_SIGNED,
        date=MOU_DATE,
        valid_until=date(2026, 9, 1),
        reference_number="MoU/NTB-ZJ/2024",
        signatories="Gubernur NTB\nGubernur mitra",
        document=pdf_upload("mou.pdf"),
    )
    return agreement


def summary(response) -> tuple[str, str]:
    html = response.content.decode()

    def dd(testid):
        start = html.index(f'data-testid="{testid}"')
        return html[html.index(">", start) + 1 : html.index("</dd>", start)]

    return dd("validity"), dd("validity-document")


def test_it_shows_the_signed_mous_validity_and_number(signed, biro):
    response = client_for(biro).get(reverse("agreements:detail", args=[signed.pk]))

    assert response.status_code == 200
    assert summary(response) == ("2 September 2024 – 1 September 2026", "MoU nomor MoU/NTB-ZJ/2024")


def test_after_a_renewal_it_shows_the_renewals_validity_and_number_only(signed, biro):
    agreement_move_stage(
        agreement=signed,
        actor=biro,
        action=StageAction.RENEWED,
        date=date(2026, 8, 3),
        valid_until=date(2031, 9, 1),
        reference_number="ADD/NTB-ZJ/2026",
    )

    response = client_for(biro).get(reverse("agreements:detail", args=[signed.pk]))

    assert response.status_code == 200
    validity, document = summary(response)
    assert (validity, document) == (
        "3 Agustus 2026 – 1 September 2031",
        "Perpanjangan nomor ADD/NTB-ZJ/2026",
    )
    # The original signing is in the timeline, on its own entry, not in the summary.
    timeline = response.content.decode().split('data-testid="timeline"')[1]
    assert "MoU/NTB-ZJ/2024" in timeline
    assert "ADD/NTB-ZJ/2026" in timeline
    facts = response.content.decode().split('class="facts')[1].split("</dl>")[0]
    assert "MoU/NTB-ZJ/2024" not in facts


def test_a_renewal_without_a_number_does_not_borrow_the_mous(signed, biro):
    agreement_move_stage(
        agreement=signed,
        actor=biro,
        action=StageAction.RENEWED,
        date=date(2026, 8, 3),
        valid_until=date(2031, 9, 1),
    )

    response = client_for(biro).get(reverse("agreements:detail", args=[signed.pk]))

    assert summary(response)[1] == "Perpanjangan (nomor tidak dicatat)"


def test_there_is_no_validity_before_the_mou(agreement, biro):
    response = client_for(biro).get(reverse("agreements:detail", args=[agreement.pk]))

    assert response.status_code == 200
    assert response.context["validity"] is None
    assert 'data-testid="validity"' not in response.content.decode()
