"""How values read in Indonesian documents: money as "Rp 1.250.000"."""

from django.utils.formats import date_format
from django.utils.text import slugify


def thousands(amount: int) -> str:
    """1250000 → "1.250.000": the dot is added here, never by a global setting
    (a global thousand separator also breaks numbers in URLs)."""
    return f"{amount:,}".replace(",", ".")


def rupiah(value) -> str:
    """1250000 → "Rp 1.250.000"."""
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {thousands(abs(amount))}"


def filename_date(value, format: str = "j F Y") -> str:
    """The date part of a generated file name: 2026-11-23 → "23-november-2026", the long
    date of the active language, slugified (ASCII, lower case, no spaces); pass "F Y" for a
    month ("november-2026")."""
    return slugify(date_format(value, format))
