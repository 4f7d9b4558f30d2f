"""The forms of visits and delegations (the visit, its permit, its participants, its
uploads) and of the counterpart directory.

The permit is its own form, shown only for a mission abroad; a delegation received that
posts one is refused with the error on the permit's field. The participants are a
formset of plain forms, each row carrying the id of the participant it edits.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Counterpart, Visit, WorkUnit
from ..models.documents import DocumentKind
from ..models.visits import PermitDecision, VisitDirection
from .base import DateInput, StyledForm, StyledFormMixin, UploadField


class VisitForm(StyledFormMixin, forms.ModelForm):
    """A visit's own fields; PKS, task and budget line among the agreement's."""

    class Meta:
        model = Visit
        fields = [
            "direction",
            "title",
            "purpose",
            "starts_on",
            "ends_on",
            "places",
            "pks",
            "task",
            "budget_line",
            "trip_report",
        ]
        widgets = {
            "direction": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "trip_report": forms.Textarea(attrs={"rows": 5}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "trip_report": _("After the visit: what was done and agreed, and what follows."),
        }

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = VisitDirection.choices
        for name in ("pks", "task", "budget_line"):
            self.fields[name].queryset = choices[name]
            self.fields[name].required = False
        self.fields["budget_line"].label_from_instance = budget_line_label

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The visit cannot end before it starts."))
        return data


def budget_line_label(line) -> str:
    unit = line.work_unit.abbreviation or line.work_unit.name
    return f"{line.fiscal_year} · {unit} · {line.commitment.title}"


class PermitForm(StyledForm):
    """The official-travel permit of a mission abroad (izin perjalanan dinas luar negeri)."""

    permit_submitted_on = forms.DateField(
        label=_("Permit requested on"), required=False, widget=DateInput()
    )
    permit_number = forms.CharField(label=_("Permit number"), max_length=100, required=False)
    permit_decision = forms.ChoiceField(
        label=_("Permit decision"),
        choices=[("", _("— not yet —")), *PermitDecision.choices],
        required=False,
    )
    permit_decided_on = forms.DateField(
        label=_("Permit decided on"), required=False, widget=DateInput()
    )
    clearances = forms.CharField(
        label=_("Clearances"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The clearances the permit needs (e.g. Kemlu's political clearance)."),
    )

    def has_permit(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def clean(self):
        data = super().clean()
        if data.get("permit_decision") and not data.get("permit_submitted_on"):
            self.add_error(
                "permit_submitted_on", _("A permit is decided only once it was requested.")
            )
        submitted, decided = data.get("permit_submitted_on"), data.get("permit_decided_on")
        if submitted and decided and decided < submitted:
            self.add_error(
                "permit_decided_on", _("The permit cannot be decided before it was requested.")
            )
        return data

    def refuse_for_delegation(self):
        self.add_error(
            "permit_submitted_on", _("A delegation received has no official-travel permit.")
        )


class ParticipantForm(StyledForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    work_unit = forms.ModelChoiceField(
        label=_("Work unit"), queryset=WorkUnit.objects.none(), required=False
    )
    organisation = forms.CharField(
        label=_("Or organisation"),
        max_length=200,
        required=False,
        help_text=_("For whoever is not from an NTB work unit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        filled = any(data.get(k) for k in ("position", "work_unit", "organisation"))
        if filled and not data.get("name"):
            self.add_error("name", _("Give the participant's name."))
        if data.get("work_unit") and data.get("organisation"):
            self.add_error("organisation", _("Name a work unit or an organisation, not both."))
        return data


class BaseParticipantFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The participants kept: named, not marked for removal."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Name at least one participant."))


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=3, can_delete=True, max_num=100
)


def participant_initial(visit) -> list[dict]:
    return [
        {
            "id": p.pk,
            "name": p.name,
            "position": p.position,
            "work_unit": p.work_unit_id,
            "organisation": p.organisation,
        }
        for p in visit.participants.order_by("pk")
    ]


VISIT_DOCUMENT_KINDS = (DocumentKind.TRIP_REPORT, DocumentKind.PHOTO, DocumentKind.TRAVEL_PERMIT)


class VisitDocumentForm(StyledForm):
    """The trip report, a photo, or the permit, filed under the visit."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("— choose the kind —"))]
        + [(k.value, k.label) for k in VISIT_DOCUMENT_KINDS],
        error_messages={"required": _("Choose the kind of document.")},
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    file = UploadField(label=_("File"))


class CounterpartForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Counterpart
        fields = ["kind", "name", "position", "office", "email", "phone", "notes", "review_on"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}), "review_on": DateInput()}


class CounterpartRemovalForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the removal"),
        max_length=60,
        help_text=_(
            "E.g. the date and form of the request. Do not write the person's name: "
            "this note is kept."
        ),
    )
