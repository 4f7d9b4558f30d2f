"""The audit trail (django-simple-history) in words: who changed what, old → new.

The trail is read as a user: a related record it names (a letter's task, a budget line's
commitment) is named only if ``access.py`` lets that user see it.
"""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext_lazy as _

from .. import access
from ..formatting import rupiah
from ..models import (
    Agreement,
    BudgetLine,
    Commitment,
    CoordinationRequest,
    Document,
    FollowUpTask,
    ProgressUpdate,
)

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}

HIDDEN_FIELDS = {"version", "created_at", "updated_at"}

# The change reason of the records that hold a model's values when its history began
# (migration 0008 wrote them for the partners of the time; it holds the same text).
HISTORY_BASELINE = "Change history began; values as they were then."

# The related records that are scoped, with their scope; the others (work units, partners,
# sectors, people) are reference data every user may read.
SCOPES = {
    Agreement: access.agreements_visible_to,
    Commitment: access.commitments_visible_to,
    FollowUpTask: access.tasks_visible_to,
    CoordinationRequest: access.letters_visible_to,
    BudgetLine: access.budget_lines_visible_to,
    Document: access.documents_visible_to,
}
NOT_SHOWN = _("(not shown)")


def _display(field, value, labels):
    if value in (None, ""):
        return "–"
    if isinstance(field, models.ForeignKey):
        return labels.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.name.startswith("amount_"):
        return rupiah(value)
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    if isinstance(field, models.DateTimeField):
        # Stored in UTC; shown in WITA like every other time in the portal.
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_format(value)
    return localize(value) if not isinstance(value, str) else value


def _tracked_fields(model):
    """The model's fields that its audit trail records (some are excluded from it)."""
    recorded = {f.attname for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and not f.primary_key and f.attname in recorded
    ]


def _fk_labels(model, records, user=None) -> dict:
    """Names of every related object the records point at, one query per related model.

    With a ``user``, a scoped record outside their scope is "(not shown)", not named."""
    wanted: dict = {}
    for field in _tracked_fields(model):
        if isinstance(field, models.ForeignKey):
            ids = {getattr(r, field.attname) for r in records} - {None}
            wanted.setdefault(field.related_model, set()).update(ids)
    labels = {}
    for related, ids in wanted.items():
        if not ids:
            continue
        scope = SCOPES.get(related) if user is not None else None
        readable = scope(user) if scope else related._default_manager.all()
        for obj in readable.filter(pk__in=ids):
            labels[(related, obj.pk)] = str(obj)
        if scope:
            for pk in ids:
                labels.setdefault((related, pk), NOT_SHOWN)
    return labels


def _m2m_snapshot_accessor(history_model, field) -> str:
    """The reverse accessor from a historical record to its m2m snapshot rows."""
    for relation in history_model._meta.related_objects:
        if (
            relation.related_model._meta.model_name
            == f"{history_model._meta.model_name}_{field.name}"
        ):
            return relation.get_accessor_name()
    raise LookupError(field.name)


def _m2m_names(record, field) -> list[str]:
    """Names of the related objects a historical record held (simple-history m2m_fields)."""
    target = field.m2m_reverse_field_name()
    rows = getattr(record, _m2m_snapshot_accessor(type(record), field)).all()
    return sorted(str(getattr(row, target)) for row in rows)


def initial_values(model, record, labels) -> list[dict]:
    """What a record held when it was created: its filled-in fields."""
    return [
        {"field": field.verbose_name, "old": None, "new": _display(field, value, labels)}
        for field in _tracked_fields(model)
        if (value := getattr(record, field.attname)) not in (None, "")
        and not field.name.endswith("_by")
    ]


def describe_changes(model, old, new, labels=None) -> list[dict]:
    """Field-by-field differences between two historical records of ``model``."""
    labels = labels if labels is not None else _fk_labels(model, [old, new])
    changes = []
    for field in model._meta.many_to_many:
        if field.name in {f.name for f in getattr(new, "_history_m2m_fields", [])}:
            before, after = _m2m_names(old, field), _m2m_names(new, field)
            if before != after:
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": ", ".join(before) or "–",
                        "new": ", ".join(after) or "–",
                    }
                )
    for field in _tracked_fields(model):
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before != after:
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": _display(field, before, labels),
                    "new": _display(field, after, labels),
                }
            )
    return changes


def _entries(model, records, *, user, subject=None) -> list[dict]:
    """Entries for historical records of ``model`` (of one or several objects), oldest first,
    as ``user`` may read them.

    Each "changed" record is compared with the previous record of the same object.
    """
    labels = _fk_labels(model, records, user)
    key = model._meta.pk.attname
    previous_by_object = {}
    entries = []
    for record in records:
        previous = previous_by_object.get(getattr(record, key))
        if record.history_change_reason == HISTORY_BASELINE:
            # Not an event: what the first recorded change is compared with.
            previous_by_object[getattr(record, key)] = record
            continue
        if record.history_type == "+":
            changes = initial_values(model, record, labels)
        elif record.history_type == "~" and previous is not None:
            changes = describe_changes(model, previous, record, labels)
        else:
            changes = []
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "type": HISTORY_TYPES[record.history_type],
                "kind": record.history_type,
                "subject": subject(record) if subject else "",
                "changes": changes,
            }
        )
        previous_by_object[getattr(record, key)] = record
    return entries


def _records(queryset) -> list:
    """Historical records oldest first, with their users and m2m snapshots prefetched."""
    model = queryset.model
    m2m = [
        f"{_m2m_snapshot_accessor(model, field)}__{field.m2m_reverse_field_name()}"
        for field in getattr(model, "_history_m2m_fields", [])
    ]
    return list(
        queryset.select_related("history_user")
        .prefetch_related(*m2m)
        .order_by("history_date", "history_id")
    )


def history_entries(instance, *, user) -> list[dict]:
    """The audit trail of one object the user may see, newest first."""
    entries = _entries(type(instance), _records(instance.history.all()), user=user)
    entries.reverse()
    return entries


def task_history(*, task, user) -> list[dict]:
    """A task's audit trail with those of its progress updates and coordination requests,
    so the Bureau reads in one place what the unit did and answered. Newest first.

    A letter about the task may be addressed to another unit than the responsible one:
    its history shows only to those who may read the letter itself.
    """
    letters = access.letters_visible_to(user).filter(task_id=task.pk).values("pk")
    entries = _entries(type(task), _records(task.history.all()), user=user)
    entries += _entries(
        ProgressUpdate,
        _records(ProgressUpdate.history.filter(task_id=task.pk)),
        user=user,
        subject=lambda r: _("Progress update of %(date)s") % {"date": date_format(r.date)},
    )
    entries += _entries(
        CoordinationRequest,
        _records(CoordinationRequest.history.filter(task_id=task.pk, id__in=letters)),
        user=user,
        subject=lambda r: _("Coordination request %(number)s") % {"number": r.letter_number},
    )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries
