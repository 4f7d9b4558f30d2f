"""Every date field of every form refuses a year outside 1990–2100, with one clear message,
and saves nothing: a year typed as 20266 or 0202 is a typo, not a plan."""

import inspect
from datetime import date

import django_filters
import pytest
from django import forms
from django.urls import reverse

from agreements import filters
from agreements.forms import agreements as agreement_forms
from agreements.forms import base, dashboard, followup, reports
from agreements.models import (
    Agreement,
    Contact,
    CoordinationRequest,
    FollowUpTask,
    ProgressUpdate,
    Stage,
    StageEvent,
)
from agreements.services.followup import commitment_create, task_create

from ..factories import AgreementFactory, advance, pdf_upload

pytestmark = pytest.mark.usefixtures("clock")

MESSAGE = "Tanggal harus antara tahun 1990 dan 2100."
TOO_LATE, TOO_EARLY = "2101-01-01", "1989-12-31"


@pytest.fixture
def task(agreement, biro, unit):
    advance(agreement, actor=biro, to=Stage.MOU)
    commitment = commitment_create(
        agreement=agreement,
        actor=biro,
        sector=agreement.sectors.get(),
        title="Agribisnis jagung",
        lead_unit=unit,
    )
    return task_create(
        commitment=commitment,
        actor=biro,
        responsible_unit=unit,
        title="Uji coba varietas",
        due_date=date(2026, 12, 7),
    )


def counts() -> dict:
    models = [Agreement, Contact, StageEvent, FollowUpTask, ProgressUpdate, CoordinationRequest]
    return {model.__name__: model.objects.count() for model in models}


def test_it_refuses_a_year_outside_the_range_and_accepts_its_bounds():
    base.sane_date(date(1990, 1, 1))
    base.sane_date(date(2100, 12, 31))
    for day in (date(1989, 12, 31), date(2101, 1, 1), date.max, date.min):
        with pytest.raises(forms.ValidationError) as refused:
            base.sane_date(day)
        assert refused.value.code == "date_out_of_range"


def test_it_follows_the_range_in_the_settings(settings):
    settings.DATE_MIN_YEAR, settings.DATE_MAX_YEAR = 2000, 2050

    with pytest.raises(forms.ValidationError):
        base.sane_date(date(1999, 6, 1))
    base.sane_date(date(2050, 6, 1))


def form_classes():
    """Every form class of the portal's domain: those of agreements/forms and the filters."""
    modules = [agreement_forms, followup, dashboard, reports]
    found = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    found |= {
        cls._meta.form
        for _, cls in inspect.getmembers(filters, inspect.isclass)
        if issubclass(cls, django_filters.FilterSet) and cls._meta.model is not None
    }
    return sorted(found, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: c.__qualname__)
def test_it_gives_every_form_the_date_rule(form_class):
    # The rule lives in StyledFormMixin: a form that skips it could accept year 9999.
    assert issubclass(form_class, base.StyledFormMixin)


@pytest.fixture
def prospect(biro, unit):
    """An agreement still at the initial-contact stage, for the LoI step."""
    return AgreementFactory(actor=biro, coordinating_unit=unit, title="Prospek uji")


def post_cases(agreement, prospect, task):
    """(URL, posted data, the date field that is out of range), one per form with a date."""
    loi = reverse("agreements:stage_step", args=[prospect.pk, "loi"])
    return [
        (
            reverse("agreements:create"),
            {
                "title": "Kerja sama uji",
                "partner": agreement.partner_id,
                "kind": "sister_province",
                "sectors": [agreement.sectors.get().pk],
                "coordinating_unit": agreement.coordinating_unit_id,
                "first_contact_date": TOO_EARLY,
            },
            "first_contact_date",
        ),
        (
            reverse("agreements:contact_create", args=[agreement.pk]),
            {"date": TOO_EARLY, "kind": "meeting", "initiator_type": "official"},
            "date",
        ),
        (loi, {"date": TOO_EARLY, "document": pdf_upload()}, "date"),
        (
            reverse("agreements:task_create", args=[task.commitment_id]),
            {
                "title": "Tugas uji",
                "responsible_unit": task.responsible_unit_id,
                "due_date": TOO_LATE,
                "priority": "normal",
            },
            "due_date",
        ),
        (
            reverse("agreements:task_edit", args=[task.pk]),
            {
                "title": task.title,
                "responsible_unit": task.responsible_unit_id,
                "due_date": "9999-12-31",
                "priority": "normal",
                "status": "planned",
                "version": 1,
            },
            "due_date",
        ),
        (
            reverse("agreements:task_progress", args=[task.pk]),
            {"date": TOO_EARLY, "text": "Kemajuan.", "percent_complete": 10, "version": 1},
            "date",
        ),
        (
            reverse("agreements:letter_create"),
            {
                "agreement": agreement.pk,
                "work_units": [task.responsible_unit_id],
                "letter_number": "070/1/BAK/2026",
                "subject": "Data",
                "message": "Mohon data.",
                "sent_on": "2026-11-20",
                "answer_due": TOO_LATE,
            },
            "answer_due",
        ),
    ]


@pytest.mark.parametrize("case", range(7))
def test_it_refuses_an_out_of_range_date_in_every_form_and_saves_nothing(
    client, biro, agreement, prospect, task, case
):
    url, data, field = post_cases(agreement, prospect, task)[case]
    client.force_login(biro)
    before = counts()

    response = client.post(url, data)

    assert response.status_code == 200
    form = response.context.get("form") or response.context["progress_form"]
    assert [e.code for e in form.errors.as_data()[field]] == ["date_out_of_range"]
    assert MESSAGE in response.content.decode()
    assert counts() == before


def test_it_refuses_an_mou_valid_beyond_the_range(client, biro, unit):
    agreement = advance(
        AgreementFactory(actor=biro, coordinating_unit=unit), actor=biro, to=Stage.DPRD_APPROVAL
    )
    client.force_login(biro)
    before = counts()

    response = client.post(
        reverse("agreements:stage_step", args=[agreement.pk, "mou"]),
        {"date": "2026-11-02", "valid_until": "2999-11-01", "document": pdf_upload()},
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.stage == Stage.DPRD_APPROVAL


def test_it_refuses_an_out_of_range_report_period(client, leader):
    client.force_login(leader)

    response = client.get(
        reverse("agreements:report_preview"),
        {"report": "portfolio", "start": "0001-01-01", "end": "2026-11-27"},
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("agreements:list", {"stage_since_after": "0001-01-01"}),
        ("agreements:task_list", {"due_date_before": "9999-12-31"}),
        ("agreements:task_list", {"due_date_after": "1900-01-01", "export": "xlsx"}),
    ],
)
def test_it_ignores_an_out_of_range_list_filter_and_says_why(client, biro, task, url_name, params):
    client.force_login(biro)

    response = client.get(reverse(url_name), params)

    assert response.status_code == 200
    if "export" not in params:
        assert MESSAGE in response.content.decode()
        assert not response.context["filter"].form.is_valid()
