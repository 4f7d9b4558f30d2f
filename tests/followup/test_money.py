"""Rupiah as Indonesians write it, and the budget rules on the amounts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from agreements.forms.money import RUPIAH_MAX, RupiahField, parse_rupiah
from agreements.models import BudgetLine
from agreements.services.budget import BudgetError, budget_line_create, budget_line_update

from .conftest import client_as


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("150.000.000", 150_000_000),
        ("Rp 150.000.000", 150_000_000),
        ("Rp150.000.000", 150_000_000),
        ("rp. 150.000.000", 150_000_000),
        ("150000000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150\u00a0000\u00a0000", 150_000_000),
        (" 150.000 ", 150_000),
        ("0", 0),
    ],
)
def test_it_reads_rupiah_as_written(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    "text",
    ["150,5", "1.50.000", "150.000000", "150.00", "150.000 000", "abc", "15O.000", "-5", "", "Rp"],
)
def test_it_refuses_an_amount_that_could_mean_two_things(text):
    with pytest.raises(ValidationError) as refused:
        parse_rupiah(text)
    assert "150.000.000" in " ".join(refused.value.messages) or "negative" in str(refused.value)


def test_it_refuses_more_than_the_database_holds():
    with translation.override("id"), pytest.raises(ValidationError, match="terlalu besar"):
        parse_rupiah(str(RUPIAH_MAX + 1))
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        parse_rupiah(str(RUPIAH_MAX + 1))
    assert parse_rupiah(str(RUPIAH_MAX)) == RUPIAH_MAX


def test_the_field_requires_an_amount_and_shows_it_back_formatted():
    field = RupiahField()
    with pytest.raises(ValidationError):
        field.clean("  ")
    assert field.widget.attrs["inputmode"] == "numeric"
    assert field.widget.format_value(150_000_000) == "150.000.000"
    assert field.widget.format_value("150000000") == "150.000.000"
    assert field.widget.format_value("150,5") == "150,5"


def budget_post(line, **changes):
    return {
        "fiscal_year": line.fiscal_year,
        "work_unit": line.work_unit.pk,
        "commitment": line.commitment.pk,
        "task": "",
        "source": line.source,
        "amount_requested": "250.000.000",
        "amount_allocated": "150.000.000",
        "amount_spent": "60.000.000",
        "note": "",
        "version": line.version,
        **changes,
    }


def test_it_saves_amounts_typed_with_dots(biro, budget_line):
    response = client_as(biro).post(
        reverse("agreements:budget_edit", args=[budget_line.pk]),
        budget_post(budget_line, amount_spent="Rp 75.000.000"),
    )

    assert response.status_code == 302
    budget_line.refresh_from_db()
    assert budget_line.amount_spent == 75_000_000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_spent": "150.000000"}, "amount_spent"),
        ({"amount_allocated": "150,5"}, "amount_allocated"),
        ({"amount_spent": "200.000.000"}, "amount_spent"),  # above allocated
    ],
)
def test_a_refused_amount_changes_nothing(biro, budget_line, changes, field):
    before = list(BudgetLine.objects.values())
    response = client_as(biro).post(
        reverse("agreements:budget_edit", args=[budget_line.pk]),
        budget_post(budget_line, **changes),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert list(BudgetLine.objects.values()) == before


def test_the_service_refuses_spent_above_allocated_for_every_caller(biro, budget_line):
    with pytest.raises(BudgetError):
        budget_line_update(
            line=budget_line, actor=biro, expected_version=1, amount_spent=150_000_001
        )
    with pytest.raises(BudgetError):
        budget_line_create(
            actor=biro,
            fiscal_year=budget_line.fiscal_year,
            work_unit=budget_line.work_unit,
            commitment=budget_line.commitment,
            source=budget_line.source,
            amount_allocated=0,
            amount_spent=1,
        )


def test_the_list_flags_an_allocation_above_the_request(biro, budget_line):
    BudgetLine.objects.filter(pk=budget_line.pk).update(amount_allocated=300_000_000)

    page = client_as(biro).get(reverse("agreements:budget_list")).content.decode()

    assert 'data-testid="above-request"' in page


def test_the_totals_are_per_fiscal_year(biro, budget_line):
    BudgetLine.objects.create(
        fiscal_year=budget_line.fiscal_year - 1,
        work_unit=budget_line.work_unit,
        commitment=budget_line.commitment,
        source=budget_line.source,
        amount_requested=10,
        amount_allocated=10,
        amount_spent=5,
        created_by=biro,
    )
    client = client_as(biro)

    default = client.get(reverse("agreements:budget_list")).context["totals"]
    every = client.get(reverse("agreements:budget_list"), {"fiscal_year": ""}).context["totals"]

    assert [t["fiscal_year"] for t in default] == [budget_line.fiscal_year]
    assert [t["fiscal_year"] for t in every] == [
        budget_line.fiscal_year,
        budget_line.fiscal_year - 1,
    ]
    assert every[1]["spent"] == 5
