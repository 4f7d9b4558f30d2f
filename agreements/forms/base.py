"""Pieces every form shares: Bootstrap classes, sane dates, date inputs, checked uploads."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..uploads import ALLOWED_EXTENSIONS_TEXT, validate_upload


def sane_date(value):
    """Refuse a date outside the years the portal deals with (settings DATE_MIN_YEAR and
    DATE_MAX_YEAR, 1990–2100). A year typed as 0202 or 20266 is a typo, not a plan, and
    stored it would break the calendar feed and the reports for everyone who sees it."""
    low, high = settings.DATE_MIN_YEAR, settings.DATE_MAX_YEAR
    if isinstance(value, date) and not low <= value.year <= high:
        raise forms.ValidationError(
            _("The date must be between the years %(min)s and %(max)s."),
            code="date_out_of_range",
            params={"min": low, "max": high},
        )


def _date_fields(fields):
    """Every DateField, including those inside a range field (the list filters' from – to)."""
    for field in fields:
        if isinstance(field, forms.DateField):
            yield field
        elif isinstance(field, forms.MultiValueField):
            yield from _date_fields(field.fields)


DASHES = "---------"  # Django's empty choice
# The largest key a database column holds; a longer number is no record at all (SQLite
# would raise on it in the query, instead of finding nothing).
LARGEST_KEY = 2**63 - 1


def _guard_keys(field: forms.ModelChoiceField) -> None:
    """Refuse a number too large for any key as an unknown choice, before the query."""
    original = field.clean
    multiple = isinstance(field, forms.ModelMultipleChoiceField)

    def clean(value):
        for item in value if isinstance(value, (list, tuple)) else [value]:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_KEY:
                if multiple:
                    raise ValidationError(
                        field.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": text[:20]},
                    )
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return original(value)

    field.clean = clean


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly; and the
    sane-date rule on every date field, so that no form can forget it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in _date_fields(self.fields.values()):
            if sane_date not in field.validators:
                field.validators.append(sane_date)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                _guard_keys(field)
            # An empty choice reads "— Pilih —" (choose), not Django's "---------".
            if getattr(field, "empty_label", None) == DASHES:
                field.empty_label = _("— choose —")
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices = list(field.choices)
                if choices and choices[0] == ("", DASHES):
                    field.choices = [("", _("— choose —")), *choices[1:]]
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


def _upload_help_text() -> str:
    return gettext(
        "%(types)s, at most %(limit)s per file; the content is checked, not only the name."
    ) % {
        "types": ALLOWED_EXTENSIONS_TEXT,
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }


# Lazy: the text is written when a page shows it, in that reader's language (and with
# the limit of the settings in force), not once when the module is imported.
upload_help_text = lazy(_upload_help_text, str)


class UploadField(forms.FileField):
    """A file whose type is checked from its content (see services/documents.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", upload_help_text())
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
