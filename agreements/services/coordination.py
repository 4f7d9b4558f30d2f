"""Writes on coordination requests: the Bureau sends, a work unit answers (or corrects its
answer), the Bureau marks the answer received."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.coordination import CoordinationRequest
from ..models.documents import DocumentKind
from ..selectors.coordination import units_already_sent
from .base import save_as
from .documents import document_create
from .notifications import notify_letter_answered, notify_letter_received


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
                notify_letter_received(letter=letter, actor=actor)
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


def _claim(letter, expected_version: int, **state) -> CoordinationRequest | None:
    """Take the letter for one write if it is still the version the user read, in ``state``:
    the conditional UPDATE that keeps two writers from overwriting each other."""
    claimed = CoordinationRequest.objects.filter(
        pk=letter.pk, version=expected_version, **state
    ).update(version=F("version") + 1)
    return CoordinationRequest.objects.get(pk=letter.pk) if claimed else None


def _fill_answer(letter, *, actor, answer_text, reply_number, reply_date, attachments):
    if not answer_text.strip():
        raise CoordinationError(_("Write the answer."), field="answer_text")
    if reply_date is not None and reply_date > timezone.localdate():
        raise CoordinationError(
            _("The reply letter's date cannot be in the future."), field="reply_date"
        )
    letter.answer_text = answer_text.strip()
    letter.reply_number = reply_number.strip()
    letter.reply_date = reply_date
    letter.answered_by = actor
    # Someone outside the addressed unit (Bureau staff) records a paper answer for it.
    on_behalf = actor.work_unit_id != letter.work_unit_id
    letter.answered_for_unit_id = letter.work_unit_id if on_behalf else None
    save_as(letter, actor)
    for file in attachments:
        document_create(
            agreement=letter.agreement,
            actor=actor,
            file=file,
            kind=DocumentKind.REPLY_LETTER,
            title=f"{letter.reply_number or letter.letter_number} · {file.name}",
            coordination_request=letter,
        )
    return letter


@transaction.atomic
def letter_answer(
    *,
    letter,
    actor,
    answer_text: str,
    expected_version: int,
    reply_number: str = "",
    reply_date=None,
    attachments=(),
):
    """Record a unit's answer, with its reply letter and attachments. Only one answer:
    a second one is refused; changing it is ``letter_answer_correct``."""
    fresh = _claim(letter, expected_version, answered_at__isnull=True)
    if fresh is None:
        current = CoordinationRequest.objects.select_related("answered_by").get(pk=letter.pk)
        if current.answered_at:
            raise CoordinationError(
                _("This request was already answered by %(who)s.") % {"who": current.answered_by}
            )
        raise CoordinationError(_("The request was changed meanwhile; reload the page."))
    # The first answer's time stays the answer's time: health.py reads lateness from it.
    fresh.answered_at = timezone.now()
    answered = _fill_answer(
        fresh,
        actor=actor,
        answer_text=answer_text,
        reply_number=reply_number,
        reply_date=reply_date,
        attachments=attachments,
    )
    notify_letter_answered(letter=answered, actor=actor)
    return answered


@transaction.atomic
def letter_answer_correct(
    *,
    letter,
    actor,
    answer_text: str,
    expected_version: int,
    reply_number: str = "",
    reply_date=None,
    attachments=(),
):
    """Replace the answer with a corrected version, until the Bureau has received it.
    The earlier version stays in the change history; ``answered_at`` does not move."""
    fresh = _claim(letter, expected_version, answered_at__isnull=False, received_at__isnull=True)
    if fresh is None:
        current = CoordinationRequest.objects.select_related("received_by").get(pk=letter.pk)
        if current.received_at:
            raise CoordinationError(
                _(
                    "The Bureau (%(who)s) has already received this answer; "
                    "it can no longer be corrected."
                )
                % {"who": current.received_by}
            )
        if not current.answered_at:
            raise CoordinationError(_("There is no answer to correct yet."))
        raise CoordinationError(_("The request was changed meanwhile; reload the page."))
    fresh.answer_corrected_at = timezone.now()
    return _fill_answer(
        fresh,
        actor=actor,
        answer_text=answer_text,
        reply_number=reply_number,
        reply_date=reply_date,
        attachments=attachments,
    )


@transaction.atomic
def letter_answer_receive(*, letter, actor, expected_version: int):
    """The Bureau marks the answer received: from now on it is final."""
    fresh = _claim(letter, expected_version, answered_at__isnull=False, received_at__isnull=True)
    if fresh is None:
        current = CoordinationRequest.objects.get(pk=letter.pk)
        if current.received_at:
            raise CoordinationError(_("This answer was already marked received."))
        if not current.answered_at:
            raise CoordinationError(_("There is no answer to receive yet."))
        raise CoordinationError(_("The request was changed meanwhile; reload the page."))
    fresh.received_at = timezone.now()
    fresh.received_by = actor
    save_as(fresh, actor)
    return fresh
