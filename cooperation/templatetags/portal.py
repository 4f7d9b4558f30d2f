"""Template tags shared by every page: money, query strings, stage badges."""

from django import template

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
    "contact": "secondary",
    "loi": "info",
    "dprd": "primary",
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
