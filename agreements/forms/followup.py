"""Forms of the follow-up: commitments, tasks, progress, coordination requests, budget lines.

Choices are scoped to the user: an SKPD officer's form cannot name another
unit's task or commitment; a forged id fails validation like any bad choice.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import access
from ..access import Right
from ..models import WorkUnit
from ..models.budget import BudgetLine
from ..models.coordination import CoordinationRequest
from ..models.followup import Commitment, FollowUpTask, TaskStatus
from ..selectors.coordination import units_already_sent
from .base import DateInput, MultipleUploadField, StyledForm, StyledFormMixin, UploadField


class VersionedFormMixin:
    """Carries the version the user read, for the conditional UPDATE."""

    def add_version_field(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["sector", "title", "description", "lead_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = agreement.sectors.order_by("name")
        self.fields["lead_unit"].queryset = WorkUnit.objects.filter(is_active=True)


class TaskForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ["title", "description", "responsible_unit", "due_date", "priority", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = WorkUnit.objects.filter(is_active=True)
        if self.instance.pk:
            self.add_version_field()
        else:
            del self.fields["status"]


class ProgressForm(VersionedFormMixin, StyledForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    status_change = forms.ChoiceField(label=_("New status"), required=False)
    evidence = MultipleUploadField(label=_("Evidence"), required=False)
    # Made once per form shown: a second post of this form is recognised as a repeat.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, task, user, **kwargs):
        self.instance = task
        super().__init__(*args, **kwargs)
        self.add_version_field()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        statuses = [(s.value, s.label) for s in TaskStatus if s != task.status]
        if not access.can(user, Right.CANCEL_TASK):
            # Not offered: the service would refuse it.
            statuses = [c for c in statuses if c[0] != TaskStatus.CANCELLED]
        self.fields["status_change"].choices = [("", _("No change")), *statuses]


class RequestForm(StyledForm):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=None)
    task = forms.ModelChoiceField(
        label=_("About the follow-up task (optional)"), queryset=None, required=False
    )
    work_units = forms.ModelMultipleChoiceField(
        label=_("Addressed to"),
        queryset=WorkUnit.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One request is recorded for each unit chosen."),
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=100)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    answer_due = forms.DateField(label=_("Answer due"), widget=DateInput())
    attachment = UploadField(label=_("Letter (scan)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = access.agreements_visible_to(user).order_by("title")
        self.fields["task"].queryset = (
            access.tasks_visible_to(user)
            .select_related("commitment__agreement")
            .order_by("commitment__agreement__title", "due_date")
        )

    def clean(self):
        data = super().clean()
        agreement, task = data.get("agreement"), data.get("task")
        if agreement and task and task.commitment.agreement_id != agreement.pk:
            self.add_error("task", _("The task does not belong to this agreement."))
        if data.get("sent_on") and data.get("answer_due") and data["answer_due"] < data["sent_on"]:
            self.add_error("answer_due", _("The answer date cannot be before the sending date."))
        if data.get("letter_number") and data.get("work_units"):
            taken = units_already_sent(
                letter_number=data["letter_number"], work_units=data["work_units"]
            )
            if taken:
                self.add_error(
                    "letter_number",
                    CoordinationRequest.already_sent_message(data["letter_number"], taken),
                )
        return data


class AnswerForm(StyledForm):
    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BudgetLineForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    # The database's own range (budget_fiscal_year_range), said in words before it is hit.
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)

    class Meta:
        model = BudgetLine
        fields = [
            "fiscal_year",
            "work_unit",
            "commitment",
            "task",
            "source",
            "amount_requested",
            "amount_allocated",
            "amount_spent",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commitment"].queryset = access.commitments_visible_to(user).select_related(
            "agreement"
        )
        self.fields["task"].queryset = access.tasks_visible_to(user).select_related("commitment")
        self.fields["task"].required = False
        if not access.can(user, Right.SEE_ALL_UNITS):
            # An officer's lines are their own unit's: the service fills it in.
            del self.fields["work_unit"]
        else:
            self.fields["work_unit"].queryset = WorkUnit.objects.filter(is_active=True)
        if self.instance.pk:
            self.add_version_field()

    def clean(self):
        data = super().clean()
        commitment, task = data.get("commitment"), data.get("task")
        if commitment and task and task.commitment_id != commitment.pk:
            self.add_error("task", _("The task does not belong to the chosen commitment."))
        return data
