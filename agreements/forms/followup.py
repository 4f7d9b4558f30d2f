"""Forms of the follow-up: commitments, tasks, progress, coordination requests, budget lines.

Choices are scoped to the user: an SKPD officer's form cannot name another
unit's task or commitment; a forged id fails validation like any bad choice.
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import access
from ..access import Right
from ..models import ImplementingAgreement, WorkUnit
from ..models.budget import BudgetLine, spent_above_allocated
from ..models.coordination import CoordinationRequest
from ..models.followup import Commitment, FollowUpTask, TaskStatus
from ..selectors.coordination import units_already_sent
from .base import DateInput, MultipleUploadField, StyledForm, StyledFormMixin, UploadField
from .money import RupiahField
from .monitoring import add_realisation_fields


class VersionedFormMixin:
    """Carries the version the user read, for the conditional UPDATE."""

    def add_version_field(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


class ConfirmDueDateMixin:
    """A due date already past (or before the MoU was signed) is saved only once the user
    ticks that it records work already due: a backfill is possible, a typo is caught.

    The checkbox is added to the form only when it is needed (or was sent)."""

    CONFIRM = "confirm_already_due"

    def _add_confirm_field(self, label=None):
        self.fields[self.CONFIRM] = forms.BooleanField(
            label=label or _("I understand: this records work that is already due"),
            required=False,
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    def add_confirm_field_if_sent(self):
        if self.is_bound and self.add_prefix(self.CONFIRM) in self.data:
            self._add_confirm_field()

    def confirm_due_date(self, field: str, *, not_before=None) -> None:
        """Ask for the confirmation when ``field`` is past or before ``not_before``;
        the confirmation itself is taken out of ``cleaned_data``."""
        confirmed = self.cleaned_data.pop(self.CONFIRM, False)
        due = self.cleaned_data.get(field)
        if due is None or field not in self.changed_data:
            return
        problems = []
        if due < timezone.localdate():
            problems.append(_("This date is already past."))
        if not_before and due < not_before:
            problems.append(
                _("This date is before the MoU was signed (%(date)s).")
                % {"date": date_format(not_before)}
            )
        if problems and not confirmed:
            if self.CONFIRM not in self.fields:
                self._add_confirm_field()
            problems.append(_("Tick the box below to save it anyway."))
            self.add_error(field, " ".join(str(p) for p in problems))


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["sector", "title", "description", "lead_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = agreement.sectors.order_by("name")
        self.fields["lead_unit"].queryset = WorkUnit.objects.filter(is_active=True)


class TaskForm(ConfirmDueDateMixin, VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = [
            "title",
            "description",
            "responsible_unit",
            "due_date",
            "priority",
            "pks",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        commitment = commitment or (self.instance.commitment if self.instance.pk else None)
        self.mou_signed = commitment.agreement.mou_signed_date if commitment else None
        self.fields["responsible_unit"].queryset = WorkUnit.objects.filter(is_active=True)
        # Optional: the PKS of the commitment's MoU the task carries out.
        self.fields["pks"].queryset = ImplementingAgreement.objects.filter(
            agreement_id=commitment.agreement_id if commitment else None
        ).order_by("title")
        self.fields["pks"].required = False
        self.fields["pks"].label = _("Under the PKS (optional)")
        if self.instance.pk:
            self.add_version_field()
        else:
            del self.fields["status"]
            if commitment is not None:
                # Most tasks of a commitment are its lead unit's: start with it chosen.
                self.initial.setdefault("responsible_unit", commitment.lead_unit_id)
        self.add_confirm_field_if_sent()

    def clean(self):
        data = super().clean()
        self.confirm_due_date("due_date", not_before=self.mou_signed)
        return data


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
        # A task made from a planned activity: one "realised in this report" per indicator.
        add_realisation_fields(self, task)


class TaskSelect(forms.Select):
    """Each task's option names its agreement (``data-agreement``, read by letter_form.js);
    with ``agreement_id`` set, the other agreements' tasks are hidden and cannot be chosen."""

    agreement_id = ""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        task = getattr(value, "instance", None)
        if task is not None:
            agreement_id = str(task.commitment.agreement_id)
            option["attrs"]["data-agreement"] = agreement_id
            if self.agreement_id and agreement_id != self.agreement_id:
                option["attrs"].update(hidden=True, disabled=True)
        return option


class RequestForm(ConfirmDueDateMixin, StyledForm):
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=None)
    task = forms.ModelChoiceField(
        label=_("About the follow-up task (optional)"),
        queryset=None,
        required=False,
        widget=TaskSelect,
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
        tasks = (
            access.tasks_visible_to(user)
            .select_related("commitment__agreement")
            .order_by("commitment__agreement__title", "due_date")
        )
        self.fields["task"].queryset = tasks
        # A form opened for one agreement offers only its tasks, also without scripts;
        # static/js/letter_form.js narrows the list whenever the agreement is chosen.
        if not self.is_bound:
            preset = self.initial.get("agreement")
            self.fields["task"].widget.agreement_id = str(getattr(preset, "pk", preset) or "")
        self.add_confirm_field_if_sent()

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
        self.confirm_due_date("answer_due")  # last: only a date the rules above accept
        return data


class AnswerForm(ConfirmDueDateMixin, StyledForm):
    """An answer as letters are answered: the text, the reply letter, its attachments.

    The same form corrects an answer (``correct``) and, filled in by Bureau staff, records
    an answer that came on paper for the addressed unit (``on_behalf_of``)."""

    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    reply_number = forms.CharField(label=_("Reply letter number"), max_length=100, required=False)
    reply_date = forms.DateField(label=_("Reply letter date"), widget=DateInput(), required=False)
    attachments = MultipleUploadField(label=_("Attachments"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    correct = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, on_behalf_of=None, letter_sent_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_behalf_of = on_behalf_of
        self.letter_sent_on = letter_sent_on
        self.add_confirm_field_if_sent()

    def clean(self):
        data = super().clean()
        # A reply dated before the letter it answers is most likely a typo: asked, not refused.
        confirmed = data.pop(self.CONFIRM, False)
        reply_date = data.get("reply_date")
        if (
            reply_date
            and self.letter_sent_on
            and reply_date < self.letter_sent_on
            and not confirmed
        ):
            if self.CONFIRM not in self.fields:
                self._add_confirm_field(
                    label=_("I understand: the reply is dated before the letter")
                )
            self.add_error(
                "reply_date",
                _(
                    "This date is before the letter was sent (%(date)s). Tick the box below "
                    "to save it anyway."
                )
                % {"date": date_format(self.letter_sent_on)},
            )
        return data


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
            "pks",
            "source",
            "amount_requested",
            "amount_allocated",
            "amount_spent",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        field_classes = dict.fromkeys(
            ["amount_requested", "amount_allocated", "amount_spent"], RupiahField
        )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commitment"].queryset = access.commitments_visible_to(user).select_related(
            "agreement"
        )
        self.fields["task"].queryset = access.tasks_visible_to(user).select_related("commitment")
        self.fields["task"].required = False
        # Optional: a PKS of the commitment's MoU (an officer: their unit's).
        self.fields["pks"].queryset = access.pks_visible_to(user).select_related("agreement")
        self.fields["pks"].required = False
        self.fields["pks"].label = _("Under the PKS (optional)")
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
        pks = data.get("pks")
        if commitment and pks and pks.agreement_id != commitment.agreement_id:
            self.add_error("pks", _("The PKS does not belong to the commitment's MoU."))
        allocated, spent = data.get("amount_allocated"), data.get("amount_spent")
        if None not in (allocated, spent) and (problem := spent_above_allocated(allocated, spent)):
            self.add_error("amount_spent", problem)
        return data
