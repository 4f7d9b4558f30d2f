"""Forms of agreements, contacts, stage steps, documents and partners.

None exposes an agreement's stage: only services/lifecycle.py moves it.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import lifecycle
from ..models import Agreement, Contact, Holder, Partner, Sector, WorkUnit
from ..models.agreements import PROSPECT_STAGES
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
        if self.instance.pk is None or self.instance.stage in PROSPECT_STAGES:
            # A prospect: an exploration may be recorded before these are known; its
            # Letter of Intent asks for them.
            for name in ("sectors", "coordinating_unit"):
                self.fields[name].required = False
                self.fields[name].help_text = _(
                    "May stay empty while the cooperation is explored; required from the "
                    "Letter of Intent on."
                )
        else:
            self.fields["coordinating_unit"].required = True
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
    consulted_on = forms.DateField(label=_("Date of the Kemlu consultation"), widget=DateInput())
    reference_number = forms.CharField(label=_("Reference number"), max_length=100)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Name and office of each signatory, both sides, one per line."),
    )
    languages = forms.CharField(
        label=_("Language versions"),
        max_length=200,
        help_text=_("E.g. Bahasa Indonesia, 中文, English."),
    )
    document = UploadField(label=_("Document"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    EVIDENCE = [
        lifecycle.DATE,
        lifecycle.CONSULTED_ON,
        lifecycle.REFERENCE_NUMBER,
        lifecycle.VALID_UNTIL,
        lifecycle.SIGNATORIES,
        lifecycle.LANGUAGES,
        lifecycle.DOCUMENT,
        lifecycle.REASON,
    ]

    def __init__(self, *args, step: lifecycle.Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name in self.EVIDENCE:
            if name not in step.evidence:
                del self.fields[name]
            else:
                self.fields[name].required = name in step.required
        if lifecycle.REFERENCE_NUMBER in self.fields:
            self.fields[lifecycle.REFERENCE_NUMBER].label = step.reference_label
        if lifecycle.DATE in self.fields:
            self.fields[lifecycle.DATE].validators.append(not_in_future)
        if lifecycle.DOCUMENT in self.fields:
            self.fields[lifecycle.DOCUMENT].label = DocumentKind(step.document_kind).label

    @property
    def evidence(self) -> dict:
        """The cleaned evidence, as the lifecycle service takes it."""
        return {
            name: self.cleaned_data.get(name)
            for name in [*self.EVIDENCE, "note"]
            if name in self.fields
        }


class HandOverForm(StyledForm):
    """The file goes to another holder, with the outgoing letter."""

    holder = forms.ChoiceField(label=_("Handed to"))
    holder_unit = forms.ModelChoiceField(
        label=_("Work unit"),
        queryset=WorkUnit.objects.filter(is_active=True),
        required=False,
        help_text=_("Only when a work unit receives the file."),
    )
    date = forms.DateField(label=_("Date of the letter"), widget=DateInput())
    reference_number = forms.CharField(
        label=_("Letter number"),
        max_length=100,
        help_text=_("The number of the outgoing letter: the one to chase."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        # The holders the awaited step usually goes to come first.
        step = lifecycle.next_step(agreement.kind, agreement.stage)
        usual = list(step.holders) if step else []
        order = usual + [h for h in Holder.values if h not in usual]
        self.fields["holder"].choices = [("", _("— choose —"))] + [
            (h, Holder(h).label) for h in order
        ]
        self.fields["date"].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        if data.get("holder") == Holder.WORK_UNIT and not data.get("holder_unit"):
            self.add_error("holder_unit", _("Choose the work unit that receives the file."))
        elif data.get("holder") and data.get("holder") != Holder.WORK_UNIT:
            data["holder_unit"] = None
        return data


class ReceiveAnswerForm(StyledForm):
    """The holder's answer came back: the Bureau holds the file again."""

    date = forms.DateField(label=_("Date received"), widget=DateInput())
    reference_number = forms.CharField(
        label=_("Number of the answer letter"), max_length=100, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(not_in_future)


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
