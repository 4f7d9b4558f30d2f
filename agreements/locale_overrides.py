"""Strings of Django and django-filter whose Indonesian the portal's catalogue corrects.

Django's own Indonesian says "tidak ada" (does not exist) for a duplicate, and
django-filter has no Indonesian. Listed here so that makemessages keeps their entries
in locale/id: the catalogue's translation then wins over the library's.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("%s (descending)"),
]
