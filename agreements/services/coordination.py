"""Writes on coordination requests: the Bureau sends, a work unit answers."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.coordination import CoordinationRequest
from ..models.documents import DocumentKind
from ..selectors.coordination import units_already_sent
from .base import save_as
from .documents import document_create


class CoordinationError(Exception):
    """A write the coordination rules refuse; the message is shown to the user, on
    ``field`` of the form when it names one."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def letter_already_sent(*, letter_number: str, work_units) -> CoordinationError | None:
    """The refusal of a letter number already sent to one of ``work_units``, or None.

    letter_send asks this before writing, and again when two identical letters race.
    """
    taken = units_already_sent(letter_number=letter_number, work_units=work_units)
    if not taken:
        return None
    return CoordinationError(
        CoordinationRequest.already_sent_message(letter_number, taken), field="letter_number"
    )


def letter_send(
    *,
    agreement,
    actor,
    work_units,
    letter_number,
    subject,
    message,
    sent_on,
    answer_due,
    task=None,
    attachment=None,
) -> list[CoordinationRequest]:
    """Send one letter to one or several work units: one request per unit, same number."""
    if task is not None and task.commitment.agreement_id != agreement.pk:
        raise CoordinationError(_("The task does not belong to this agreement."))
    if answer_due < sent_on:
        raise CoordinationError(_("The answer date cannot be before the sending date."))
    if not work_units:
        raise CoordinationError(_("Choose at least one work unit."))
    refusal = letter_already_sent(letter_number=letter_number, work_units=work_units)
    if refusal:
        raise refusal
    created = []
    stored = None
    try:
        # The writes are one transaction; the checks stay outside it, so that the one
        # after a lost race reads the other letter as committed.
        with transaction.atomic():
            for unit in work_units:
                letter = CoordinationRequest(
                    agreement=agreement,
                    task=task,
                    work_unit=unit,
                    letter_number=letter_number.strip(),
                    subject=subject.strip(),
                    message=message.strip(),
                    sent_on=sent_on,
                    answer_due=answer_due,
                    created_by=actor,
                )
                save_as(letter, actor)
                if attachment is not None:
                    stored = document_create(
                        agreement=agreement,
                        actor=actor,
                        file=attachment,
                        kind=DocumentKind.LETTER,
                        title=f"{letter_number} · {subject}",
                        coordination_request=letter,
                        same_file_as=stored,
                    )
                created.append(letter)
    except IntegrityError:
        # The same letter to the same unit, sent by someone else since the check above:
        # the constraint kept theirs and this whole send was rolled back, file included.
        if stored is not None:
            stored.file.storage.delete(stored.file.name)
        refusal = letter_already_sent(letter_number=letter_number, work_units=work_units)
        if refusal:
            raise refusal from None
        raise
    return created


@transaction.atomic
def letter_answer(*, letter, actor, answer_text: str, expected_version: int):
    """Record a unit's answer. Only one answer: a second one is refused."""
    if not answer_text.strip():
        raise CoordinationError(_("Write the answer."))
    now = timezone.now()
    claimed = CoordinationRequest.objects.filter(
        pk=letter.pk, version=expected_version, answered_at__isnull=True
    ).update(version=F("version") + 1)
    if not claimed:
        current = CoordinationRequest.objects.select_related("answered_by").get(pk=letter.pk)
        if current.answered_at:
            raise CoordinationError(
                _("This request was already answered by %(who)s.") % {"who": current.answered_by}
            )
        raise CoordinationError(_("The request was changed meanwhile; reload the page."))
    fresh = CoordinationRequest.objects.get(pk=letter.pk)
    fresh.answer_text = answer_text.strip()
    fresh.answered_at = now
    fresh.answered_by = actor
    save_as(fresh, actor)
    return fresh
