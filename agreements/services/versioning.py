"""No lost updates: an edit is saved only if nobody saved the record since it was read.

The version read with the form travels with it; the UPDATE claims the row only
where the version still matches. A second editor gets ConcurrentEditError with
what changed meanwhile, taken from the audit trail.
"""

from django.db import transaction
from django.db.models import F

from ..selectors.history import describe_changes
from .base import save_as


class ConcurrentEditError(Exception):
    """Someone saved the record after this user read it. ``changes`` says what changed."""

    def __init__(self, changes: list[dict], who=None, when=None):
        super().__init__("The record was changed meanwhile.")
        self.changes = changes
        self.who = who
        self.when = when


def changes_since(instance, version: int) -> ConcurrentEditError:
    records = list(instance.history.order_by("history_date", "history_id"))
    base = next((r for r in reversed(records) if r.version == version), records[0])
    latest = records[-1]
    return ConcurrentEditError(
        describe_changes(type(instance), base, latest),
        who=latest.history_user,
        when=latest.history_date,
    )


@transaction.atomic
def save_versioned(instance, *, expected_version: int, actor, fields: dict):
    """Apply ``fields`` to ``instance`` if its version is still ``expected_version``."""
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise changes_since(model.objects.get(pk=instance.pk), expected_version)
    # The UPDATE above holds the row lock until commit; this save writes the
    # fields and, through simple-history, the audit row.
    fresh = model.objects.get(pk=instance.pk)
    for name, value in fields.items():
        setattr(fresh, name, value)
    return save_as(fresh, actor)
