"""``{% https_notice %}``: the notice shown when secure cookies meet plain HTTP."""

from django import template

from ..https import notice_context

register = template.Library()


@register.inclusion_tag("includes/https_notice.html", takes_context=True)
def https_notice(context):
    """Renders the notice when the page came over HTTP while the cookies need HTTPS."""
    request = context.get("request")
    return notice_context(request) if request is not None else {}
