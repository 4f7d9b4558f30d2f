"""The profile's two-factor card reads its status through this tag, whichever view
renders the profile."""

from django import template

from ..selectors.two_factor import two_factor_status

register = template.Library()


@register.simple_tag
def two_factor_status_of(user):
    return two_factor_status(user=user)
