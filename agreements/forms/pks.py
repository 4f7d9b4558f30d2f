"""The form of an implementing agreement (PKS): its draft and its edits. A PKS step
uses the agreements' StageStepForm with the step of lifecycle.PKS_STEPS.

No form exposes the stage or the key dates: they follow the PKS's history.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access
from ..access import Right
from ..models import Commitment, ImplementingAgreement, WorkUnit
from .base import DateInput, StyledFormMixin


class PksForm(StyledFormMixin, forms.ModelForm):
    """A PKS's descriptive fields. An officer's PKS is their own unit's: the unit is fixed."""

    drafted_on = forms.DateField(label=_("Drafted on"), widget=DateInput())

    class Meta:
        model = ImplementingAgreement
        fields = [
            "title",
            "work_unit",
            "counterpart",
            "counterpart_native_name",
            "signatory_ntb",
            "signatory_partner",
            "commitments",
            "summary",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "commitments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agreement, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["commitments"].queryset = Commitment.objects.filter(
            agreement=agreement
        ).order_by("title")
        self.fields["commitments"].required = False
        if access.can(user, Right.SEE_ALL_UNITS):
            self.fields["work_unit"].queryset = WorkUnit.objects.filter(is_active=True)
        else:
            # The officer's own unit only; a forged id fails like any bad choice.
            self.fields["work_unit"].queryset = WorkUnit.objects.filter(pk=user.work_unit_id)
            self.fields["work_unit"].initial = user.work_unit_id
        if self.instance.pk:
            del self.fields["drafted_on"]  # a date of the history, not of the record
        else:
            self.fields["drafted_on"].initial = timezone.localdate()
