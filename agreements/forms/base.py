"""Pieces every form shares: Bootstrap classes, date inputs, checked uploads."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..services.documents import ALLOWED_EXTENSIONS_TEXT, validate_upload


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # CheckboxSelectMultiple is a RadioSelect: both render form-check inputs.
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class UploadField(forms.FileField):
    """A file whose type is checked from its content (see services/documents.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("%(types)s; the content is checked, not only the name.")
            % {"types": ALLOWED_EXTENSIONS_TEXT},
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file:
            validate_upload(file)
        return file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one field (Django's documented pattern); each is checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
