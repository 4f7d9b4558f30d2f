"""Rights in templates: ``{% if user|may:"see_all_units" %}``, read from access.RIGHTS."""

from django import template

from .. import access
from ..access import Right

register = template.Library()


@register.filter
def may(user, right: str) -> bool:
    """Whether ``user`` holds ``right`` (its value, e.g. "manage_agreements"); an unknown
    name is an error, not a silent no."""
    return access.can(user, Right(right))
