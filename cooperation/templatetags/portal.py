"""Template tags shared by every page: money, query strings, stage and letter badges,
and how late a task or a letter is (by agreements/health.py)."""

from django import template
from django.utils import timezone

from agreements import health
from agreements.formatting import rupiah
from agreements.models import Stage

register = template.Library()


register.filter("rupiah", rupiah)


@register.filter
def days_to(start, end):
    """Whole days from ``start`` to ``end`` (two dates): how late, or how long ago."""
    if not start or not end:
        return ""
    return (end - start).days


@register.filter
def task_days_late(task, today):
    return health.task_days_late(task, today)


@register.filter
def letter_days_late(letter, today):
    return health.letter_days_late(letter, today)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for sorting and pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


STAGE_STYLES = {
    "exploration": "secondary",
    "loi": "info",
    "plan": "info",
    "dprd": "primary",
    "verified": "primary",
    "full_powers": "primary",
    "mou": "success",
    "expired": "warning",
    "terminated": "dark",
    "dropped": "danger",
}


@register.inclusion_tag("includes/stage_badge.html")
def stage_badge(agreement_or_stage, label=None):
    code = getattr(agreement_or_stage, "stage", agreement_or_stage)
    if label is None and hasattr(agreement_or_stage, "get_stage_display"):
        label = agreement_or_stage.get_stage_display()
    return {"style": STAGE_STYLES.get(code, "secondary"), "label": label or Stage(code).label}


@register.inclusion_tag("includes/letter_state.html")
def letter_state(letter, today=None):
    """A letter's state as a badge with its name; ``today`` defaults to today in WITA."""
    return {"state": health.letter_state(letter, today or timezone.localdate())}


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, label, field, first="asc", css=""):
    """A column heading that sorts the list by ``field``: the first click in the ``first``
    direction, the next one the other way; says the current order to screen readers."""
    current = context["request"].GET.get("ordering", "")
    if current == field:
        direction, next_value = "ascending", f"-{field}"
    elif current == f"-{field}":
        direction, next_value = "descending", field
    else:
        direction, next_value = None, field if first == "asc" else f"-{field}"
    return {
        "label": label,
        "css": css,
        "direction": direction,
        "href": query_with(context, ordering=next_value, page=""),
    }


@register.filter
def has_required(form) -> bool:
    """Whether a form has a required visible field: then it says what the * means."""
    return any(field.field.required for field in form.visible_fields())


RANGE_SUFFIXES = ("_after", "_before", "_min", "_max", "_0", "_1")


@register.filter
def active_filters(form) -> int:
    """How many of a list's filters are in use (sorting is not a filter): the folded
    "Saring" button on a phone says so, so nobody wonders why a list is short."""
    if not form.is_bound:
        return 0
    used = 0
    for name in form.fields:
        if name == "ordering":
            continue
        # A range field sends its two ends as name_after / name_before (or _0 / _1).
        keys = [name, *(name + suffix for suffix in RANGE_SUFFIXES)]
        if any(value.strip() for key in keys for value in form.data.getlist(key)):
            used += 1
    return used
