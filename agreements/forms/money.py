"""Rupiah as Indonesians write it: "150.000.000", "Rp 150.000.000", "150 000 000".

One field for every amount (budget form, admin, the future import), so that no form reads
"150.000.000" as 150. Anything that could mean two amounts ("150,5", "1.50.000",
"150.000000") is refused with a message that says how to write it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..formatting import thousands

# The largest PositiveBigIntegerField value (PostgreSQL bigint, SQLite integer).
RUPIAH_MAX = 9_223_372_036_854_775_807

# Whole rupiah: plain digits, or groups of three after a first group of one to three,
# separated by dots or by (non-breaking) spaces, one kind of separator throughout.
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:(?P<sep>[. ])\d{3})(?:(?P=sep)\d{3})*")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PREFIX = re.compile(r"^rp\.?", re.IGNORECASE)

HOW_TO_WRITE = _(
    "Write the amount in whole rupiah, e.g. 150.000.000 or 150000000 "
    "(dots between thousands, no cents)."
)


def format_rupiah(value) -> str:
    """150000000 → "150.000.000", as the field shows it back."""
    if value is None or value == "":
        return ""
    return thousands(int(value))


def parse_rupiah(text: str, *, max_value: int = RUPIAH_MAX) -> int:
    """The amount in ``text``, in whole rupiah; ValidationError when it is not one clearly."""
    value = _SPACES.sub(" ", str(text)).strip()
    value = _PREFIX.sub("", value).strip()
    if value.startswith("-"):
        raise ValidationError(
            _("The amount cannot be negative. %(how)s"),
            code="negative",
            params={"how": HOW_TO_WRITE},
        )
    if not (_PLAIN.fullmatch(value) or _GROUPED.fullmatch(value)):
        raise ValidationError(
            _("“%(value)s” is not an amount in rupiah. %(how)s"),
            code="invalid",
            params={"value": text, "how": HOW_TO_WRITE},
        )
    amount = int(re.sub(r"\D", "", value))
    if amount > max_value:
        raise ValidationError(
            _("The amount is too large: at most %(max)s rupiah."),
            code="max_value",
            params={"max": format_rupiah(max_value)},
        )
    return amount


class RupiahInput(forms.TextInput):
    """A text input with the numeric keypad: a number input would drop the dots."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # Typed "150000000" is shown back as "150.000.000"; what cannot be read, as typed.
        if isinstance(value, int):
            return format_rupiah(value)
        try:
            return format_rupiah(parse_rupiah(value)) if value else super().format_value(value)
        except ValidationError:
            return value


class RupiahField(forms.Field):
    widget = RupiahInput

    def __init__(self, *, max_value: int = RUPIAH_MAX, **kwargs):
        # ModelForm passes the model field's own bounds; the amount rules are ours.
        for key in ("min_value", "step_size", "max_length"):
            kwargs.pop(key, None)
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        return parse_rupiah(value, max_value=self.max_value)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True
