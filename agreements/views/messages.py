"""Messages several views show in the same words."""

from django.contrib import messages
from django.utils.translation import gettext as _

from ..services.versioning import ConcurrentEditError


def concurrent_edit_message(request, error: ConcurrentEditError) -> None:
    """Why a save was refused: who changed the record meanwhile, and what (old → new)."""
    changed = "; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in error.changes)
    messages.error(
        request,
        _(
            "Not saved: %(who)s changed this record meanwhile (%(changed)s). "
            "What you typed is kept below: check it against these changes and save again."
        )
        % {"who": error.who or _("someone"), "changed": changed or _("no visible field")},
    )


def keep_typed(data, instance):
    """The posted values, with the record's current version: after a refused concurrent
    edit the form shows what the user typed (the message above says what changed), and
    saving again is a deliberate choice over the newer values."""
    data = data.copy()
    data["version"] = instance.version
    return data
