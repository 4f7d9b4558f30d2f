"""The pipeline page's filters: who holds the file, which stage it is in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import access, lifecycle
from ..models import Holder, Stage
from .base import StyledForm

# The stages before the signing, in the order of the path.
STAGE_ORDER = [s for s in Stage if s in lifecycle.PRE_SIGNING_STAGES]


class PipelineFilterForm(StyledForm):
    holder = forms.ChoiceField(label=_("Held by"), required=False)
    holder_unit = forms.ModelChoiceField(
        label=_("Work unit holding the file"),
        queryset=None,
        required=False,
        empty_label=_("All"),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", _("All")), *Holder.choices]
        self.fields["holder_unit"].queryset = access.work_units_visible_to(user).order_by("name")
        self.fields["stage"].choices = [("", _("All")), *((s.value, s.label) for s in STAGE_ORDER)]

    def filters(self) -> dict:
        """The valid choices; an invalid one is dropped (its error shown), not a 500."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "holder": data.get("holder") or None,
            "holder_unit": data.get("holder_unit"),
            "stage": data.get("stage") or None,
        }
