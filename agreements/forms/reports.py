"""The report chooser: which report, for which period, partner and sectors."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access
from ..access import Right
from ..models import Partner, Sector
from .base import DateInput, StyledForm


class ReportKind:
    PORTFOLIO = "portfolio"
    AGREEMENT = "agreement"
    WORK_UNIT = "work_unit"
    CHOICES = [
        (PORTFOLIO, _("Portfolio status report")),
        (AGREEMENT, _("Agreement report")),
        (WORK_UNIT, _("Work-unit report")),
    ]


class ReportForm(StyledForm):
    report = forms.ChoiceField(
        label=_("Report"), choices=ReportKind.CHOICES, widget=forms.RadioSelect
    )
    start = forms.DateField(label=_("Period from"), widget=DateInput())
    end = forms.DateField(label=_("Period to (status as of)"), widget=DateInput())
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.order_by("name"), required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every sector."),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement (for the agreement report)"), queryset=None, required=False
    )
    work_unit = forms.ModelChoiceField(
        label=_("Work unit (for the work-unit report)"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "report": ReportKind.PORTFOLIO
                if access.can(user, Right.SEE_ALL_UNITS)
                else ReportKind.WORK_UNIT,
                "start": date(today.year, 1, 1),
                "end": today,
                "work_unit": user.work_unit_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = access.agreements_visible_to(user).order_by("title")
        self.fields["work_unit"].queryset = access.work_units_visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period cannot be before its start."))
        if end and end > timezone.localdate():
            self.add_error("end", _("The date cannot be in the future."))
        if data.get("report") == ReportKind.AGREEMENT and not data.get("agreement"):
            self.add_error("agreement", _("Choose the agreement to report on."))
        if data.get("report") == ReportKind.WORK_UNIT and not data.get("work_unit"):
            self.add_error("work_unit", _("Choose the work unit to report on."))
        return data
