"""Forms of agreements, contacts, stage steps, documents and partners.

None exposes an agreement's stage: only services/lifecycle.py moves it.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import lifecycle
from ..models import Agreement, Contact, Partner, Sector, WorkUnit
from ..models.documents import DocumentKind
from .base import DateInput, StyledForm, StyledFormMixin, UploadField, not_in_future


class AgreementForm(StyledFormMixin, forms.ModelForm):
    first_contact_date = forms.DateField(
        label=_("Date of first contact"), widget=DateInput(), validators=[not_in_future]
    )

    class Meta:
        model = Agreement
        fields = ["title", "partner", "kind", "sectors", "coordinating_unit", "summary"]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active units, and the current one even if it was deactivated since.
        self.fields["coordinating_unit"].queryset = WorkUnit.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.coordinating_unit_id)
        )
        self.fields["sectors"].queryset = Sector.objects.order_by("name")
        self.new_partner = None
        if self.instance.pk:
            # The first contact is history: a correction changes it, not an edit.
            del self.fields["first_contact_date"]
        else:
            # A new agreement may bring its new partner along: an existing partner or a
            # new one, exactly one, both in the same form (templates: "New partner").
            self.new_partner = NewPartnerForm(self.data or None, prefix="new_partner")
            self.fields["partner"].required = False
            self.fields["partner"].help_text = _(
                "Or, if the partner is not in the list yet, fill in “New partner” below."
            )

    @property
    def new_partner_filled(self) -> bool:
        return self.new_partner is not None and self.new_partner.has_changed()

    def clean(self):
        data = super().clean()
        if self.new_partner is None:
            return data
        chosen = data.get("partner") is not None
        if chosen and self.new_partner_filled:
            self.add_error(
                "partner",
                _("Choose an existing partner or fill in a new partner, not both."),
            )
        elif not chosen and not self.new_partner_filled:
            if "partner" not in self.errors:
                self.add_error("partner", _("Choose a partner or fill in a new partner."))
        elif self.new_partner_filled and not self.new_partner.is_valid():
            self.add_error(None, _("Check the fields of the new partner."))
        return data

    @property
    def new_partner_fields(self) -> dict | None:
        """The new partner's fields, for the service; None when an existing one was chosen."""
        if not self.new_partner_filled:
            return None
        return dict(self.new_partner.cleaned_data)


class ContactForm(StyledFormMixin, forms.ModelForm):
    attachment = UploadField(label=_("Attachment (minutes, letter, photo)"), required=False)

    class Meta:
        model = Contact
        fields = [
            "date",
            "kind",
            "initiator_type",
            "initiator_name",
            "participants",
            "location",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(not_in_future)


class StageStepForm(StyledForm):
    """Exactly the evidence one lifecycle step needs; the fields come from the step table."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    reference_number = forms.CharField(label=_("Reference number"), max_length=100)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    document = UploadField(label=_("Document"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, step: lifecycle.Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name in [
            lifecycle.DATE,
            lifecycle.REFERENCE_NUMBER,
            lifecycle.VALID_UNTIL,
            lifecycle.DOCUMENT,
            lifecycle.REASON,
        ]:
            if name not in step.evidence:
                del self.fields[name]
            else:
                self.fields[name].required = name in step.required
        if lifecycle.REFERENCE_NUMBER in self.fields:
            self.fields[lifecycle.REFERENCE_NUMBER].label = step.reference_label
        if lifecycle.DOCUMENT in self.fields:
            self.fields[lifecycle.DOCUMENT].label = DocumentKind(step.document_kind).label


class CorrectionForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # The step shown as the one to undo: a repeated post names a step already undone
    # and is refused, instead of undoing the step before it too.
    event = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The page is out of date: open it again."),
            "invalid": _("The page is out of date: open it again."),
        },
    )


class DocumentForm(StyledForm):
    """An upload to the agreement. The kind is the user's choice, never a preset guess
    (a silent default files MoU texts as "Other"); where the upload was started says it
    (``kind=``, e.g. a stage's or a progress update's kind), it is fixed and hidden."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("— choose the kind —")), *DocumentKind.choices],
        error_messages={"required": _("Choose the kind of document.")},
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    file = UploadField(label=_("File"))

    def __init__(self, *args, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.preset_kind = kind
        if kind is not None:
            field = self.fields["kind"]
            field.choices = [(kind, DocumentKind(kind).label)]
            field.initial = kind
            field.widget = forms.HiddenInput()
            # Whatever the post says, the kind is the one the place of upload sets.
            field.disabled = True


class PartnerForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "native_name", "country", "level", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class NewPartnerForm(PartnerForm):
    """The partner made together with a new agreement (the agreement form's "New partner"):
    the partner form without its notes."""

    class Meta(PartnerForm.Meta):
        fields = ["name", "native_name", "country", "level"]
