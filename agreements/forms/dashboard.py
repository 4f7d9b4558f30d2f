"""The dashboards' filters: partner, agreement and fiscal year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access
from ..models import BudgetLine, Partner
from .base import StyledForm


class DashboardFilterForm(StyledForm):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=None, required=False, empty_label=_("All")
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = access.agreements_visible_to(user).order_by("title")
        this_year = timezone.localdate().year
        years = set(BudgetLine.objects.values_list("fiscal_year", flat=True).distinct())
        years |= {this_year, this_year - 1, this_year + 1}
        self.fields["fiscal_year"].choices = [(y, y) for y in sorted(years, reverse=True)]
        self.fields["fiscal_year"].initial = this_year

    def filters(self) -> dict:
        """The chosen filters; an invalid choice is dropped rather than failing the page,
        and the valid ones still apply."""
        data = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds only the fields that validated
            data = self.cleaned_data
        return {
            "partner": data.get("partner"),
            "agreement": data.get("agreement"),
            "fiscal_year": data.get("fiscal_year") or timezone.localdate().year,
        }
