"""The annual evaluation's form: achievements (prefilled from the year's indicators), the
study's three causes as checkboxes labelled with the portal's own figures, the partner's
engagement and the recommendation. The rules are the service's (services/evaluations.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.monitoring import EVALUATION_EDITABLE_FIELDS, Evaluation, Obstacle
from ..selectors.evaluations import figure_text
from .base import StyledFormMixin

OBSTACLE_FIELDS = {
    "obstacle_no_follow_up": Obstacle.NO_FOLLOW_UP,
    "obstacle_no_response": Obstacle.NO_RESPONSE,
    "obstacle_no_budget": Obstacle.NO_BUDGET,
}


class EvaluationForm(StyledFormMixin, forms.ModelForm):
    """``figures`` (selectors.evaluations.Figures) labels each cause with its figure."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    class Meta:
        model = Evaluation
        fields = list(EVALUATION_EDITABLE_FIELDS)
        widgets = {
            "achievements": forms.Textarea(attrs={"rows": 6}),
            "obstacles_other": forms.Textarea(attrs={"rows": 3}),
            "partner_engagement_notes": forms.Textarea(attrs={"rows": 3}),
            "recommendation_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "achievements": _(
                "Prefilled from the year's indicators: one line per indicator, realised of "
                "target. Add what the figures do not say."
            ),
            "recommendation": _("Needed to complete the evaluation; a draft may leave it open."),
        }

    def __init__(self, *args, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if figures is not None:
            for name, obstacle in OBSTACLE_FIELDS.items():
                count = figures.for_obstacle(obstacle)
                self.fields[name].label = f"{obstacle.label} — {figure_text(obstacle, count)}"
        self.fields["partner_engagement"].widget = forms.RadioSelect(
            choices=self.fields["partner_engagement"].choices[1:],
            attrs={"class": "form-check-input"},
        )
        self.fields["recommendation"].widget = forms.RadioSelect(
            choices=self.fields["recommendation"].choices[1:],
            attrs={"class": "form-check-input"},
        )

    @property
    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
