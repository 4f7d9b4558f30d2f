"""The "Bagikan ke WhatsApp" link of a task or a letter: the channel offices use."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

register = template.Library()


@register.simple_tag(takes_context=True)
def whatsapp_url(context, title, due, due_label) -> str:
    """A wa.me link with the title, the due date and the item's address, in Indonesian
    (the message goes to colleagues, whatever the sender's interface language)."""
    request = context["request"]
    with override(settings.LANGUAGE_CODE):
        text = "\n".join(
            [
                title,
                f"{_(due_label)}: {date_format(due, 'j F Y')}",
                request.build_absolute_uri(request.path),
            ]
        )
    return "https://wa.me/?text=" + quote(text, safe="")
