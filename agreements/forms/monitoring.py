"""Forms of the annual work plans: the plan, an activity with its indicators (an inline
formset of one to five), and the realisation fields added to a task's progress form.

Targets and realised figures are read like amounts ("5.000" is five thousand, see
forms/money.py); what could mean two numbers is refused with a message on the field.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Indicator, PlannedActivity, Sector, WorkPlan, WorkUnit
from ..models.followup import Commitment
from ..models.monitoring import MONEY_UNITS, IndicatorUnit
from .base import DateInput, StyledFormMixin, UploadField
from .money import RupiahField, RupiahInput, parse_rupiah

FIGURE_HOW_TO_WRITE = _(
    "Write a whole number, e.g. 5.000 or 5000 (dots between thousands, no decimals)."
)


class FigureField(RupiahField):
    """A count or an amount, written as Indonesians write numbers: "5.000", "250.000.000"."""

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_rupiah(value, max_value=self.max_value)
        except ValidationError as error:
            if error.code == "negative":
                message = _("The figure cannot be negative. %(how)s")
            elif error.code == "max_value":
                message = _("The figure is too large.")
            else:
                message = _("“%(value)s” is not a whole number. %(how)s")
            raise ValidationError(
                message, code=error.code, params={"value": value, "how": FIGURE_HOW_TO_WRITE}
            ) from None


class WorkPlanForm(StyledFormMixin, forms.ModelForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    document = UploadField(
        label=_("Minutes of the annual meeting or the work plan"), required=False
    )

    class Meta:
        model = WorkPlan
        fields = ["year", "meeting_date", "meeting_place", "notes"]
        widgets = {"meeting_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["document"]  # later documents go through the document upload


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PlannedActivity
        fields = ["title", "description", "sector", "work_unit", "quarter", "commitment"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, work_plan, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = work_plan.agreement
        sectors = agreement.sectors.order_by("name")
        self.fields["sector"].queryset = sectors if sectors.exists() else Sector.objects.all()
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(is_active=True)
        self.fields["commitment"].queryset = (
            Commitment.objects.filter(agreement=agreement)
            .select_related("sector")
            .order_by("sector__name", "title")
        )
        self.fields["commitment"].required = False
        self.fields["commitment"].help_text = _(
            "The MoU's area of cooperation the activity carries out; its task is made under it."
        )
        if work_plan.pks_id and not self.instance.pk:
            self.initial.setdefault("work_unit", work_plan.pks.work_unit_id)


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    target = FigureField(label=_("Target"))

    class Meta:
        model = Indicator
        fields = ["name", "benefit_kind", "unit", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Remove this indicator")

    def clean(self):
        data = super().clean()
        if data.get("DELETE") and self.instance.pk and self.instance.realisations.exists():
            self.add_error("DELETE", _("Realisation has been reported: this indicator stays."))
        return data


class BaseIndicatorFormSet(forms.BaseInlineFormSet):
    def indicator_changes(self) -> tuple[list[dict], list[Indicator]]:
        """(the indicators to keep or add, as the service takes them; those to remove)."""
        keep, remove = [], []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue  # an extra form left empty
            if data.get("DELETE"):
                if form.instance.pk:
                    remove.append(form.instance)
                continue
            row = {name: data[name] for name in ("name", "benefit_kind", "unit", "target")}
            if form.instance.pk:
                row["indicator"] = form.instance
            keep.append(row)
        return keep, remove


IndicatorFormSet = forms.inlineformset_factory(
    PlannedActivity,
    Indicator,
    form=IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=1,
    min_num=1,
    max_num=5,
    validate_min=True,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


def realisation_field_name(indicator) -> str:
    return f"realised_{indicator.pk}"


def add_realisation_fields(form, task) -> None:
    """On the progress form of a task made from a planned activity: one optional field per
    indicator, "realised in this report". ``form.figures()`` reads them back."""
    indicators = list(Indicator.objects.filter(activity__task=task).order_by("pk"))
    form.indicators = indicators
    for indicator in indicators:
        unit = IndicatorUnit(indicator.unit)
        form.fields[realisation_field_name(indicator)] = FigureField(
            label=_("%(indicator)s: realised in this report (%(unit)s)")
            % {"indicator": indicator.name, "unit": unit.label},
            required=False,
            widget=RupiahInput(attrs={"class": "form-control"}),
            help_text=_("Leave empty when there is nothing to report for this indicator.")
            if indicator.unit not in MONEY_UNITS
            else _("In whole %(unit)s; leave empty when there is nothing to report.")
            % {"unit": unit.label},
        )


def figures_of(form) -> dict:
    """{Indicator: value} of the realisation fields filled in."""
    figures = {}
    for indicator in getattr(form, "indicators", []):
        value = form.cleaned_data.get(realisation_field_name(indicator))
        if value is not None:
            figures[indicator] = value
    return figures
