"""The benefits page's filters: year, partner country, sector, benefit kind."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Partner, Sector
from ..models.monitoring import BenefitKind
from ..selectors.benefits import BenefitFilters
from .base import StyledForm


class BenefitFilterForm(StyledForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    benefit_kind = forms.ChoiceField(
        label=_("Benefit"), choices=[("", _("All")), *BenefitKind.choices], required=False
    )

    def __init__(self, *args, years: list[int], sectors: list[Sector], **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        choices = {*years, this_year}
        asked = str(self.data.get("year", "")) if self.is_bound else ""
        if asked.isdigit() and 2000 <= int(asked) <= 2100:
            choices.add(int(asked))  # a year without plans (the dashboard's next year) is empty
        choices = sorted(choices, reverse=True)
        self.fields["year"].choices = [(y, y) for y in choices]
        self.fields["year"].initial = this_year
        countries = Partner.objects.order_by("country").values_list("country", flat=True)
        self.fields["country"].choices = [("", _("All"))] + [
            (c, c) for c in dict.fromkeys(countries)
        ]
        # The sectors are read once by the view (they also name the sector groups).
        self.fields["sector"].choices = [("", _("All"))] + [(s.code, str(s)) for s in sectors]
        self._sectors = {s.code: s for s in sectors}

    def filters(self) -> BenefitFilters:
        """The chosen filters; an invalid choice is shown as an error on its field and
        dropped, the valid ones still apply; no year: the current one."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return BenefitFilters(
            year=data.get("year") or timezone.localdate().year,
            country=data.get("country") or "",
            sector=self._sectors.get(data.get("sector") or ""),
            benefit_kind=data.get("benefit_kind") or "",
        )
