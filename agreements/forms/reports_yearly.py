"""The year of the reports owed upward: a year with data, last year by default."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.reports import YearlyReportKind
from .base import StyledForm


class YearForm(StyledForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class ArchiveForm(YearForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=YearlyReportKind.choices)
