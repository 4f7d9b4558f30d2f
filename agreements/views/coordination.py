"""Coordination requests: the Bureau sends letters, work units answer them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..access import Right
from ..exports import LETTER_EXPORT
from ..filters import LetterFilterSet
from ..forms.followup import AnswerForm, RequestForm
from ..selectors.coordination import letter_list, letter_page
from ..services.coordination import (
    CoordinationError,
    letter_answer,
    letter_answer_correct,
    letter_answer_receive,
    letter_send,
)
from .lists import list_page


def letter_index(request):
    today = timezone.localdate()
    return list_page(
        request,
        queryset=letter_list(user=request.user, today=today),
        filterset=LetterFilterSet,
        export=LETTER_EXPORT,
        template="agreements/letter_list.html",
        context={"can_manage": access.can(request.user, Right.MANAGE_AGREEMENTS)},
        today=today,
    )


def _answer_form(user, item, data=None, files=None):
    """The form to answer, or to correct the answer, for a user who may; else None."""
    if not access.can(user, Right.ANSWER_LETTER, item):
        return None
    if item.is_answered and not item.is_correctable:
        return None
    on_behalf_of = item.work_unit if user.work_unit_id != item.work_unit_id else None
    initial = {"version": item.version, "correct": item.is_answered}
    if item.is_answered:
        initial.update(
            answer_text=item.answer_text, reply_number=item.reply_number, reply_date=item.reply_date
        )
    return AnswerForm(
        data, files, initial=initial, on_behalf_of=on_behalf_of, letter_sent_on=item.sent_on
    )


def _detail(request, coordination_request, form):
    can_receive = coordination_request.is_correctable and access.can(
        request.user, Right.RECEIVE_ANSWER
    )
    return render(
        request,
        "agreements/letter_detail.html",
        {
            **letter_page(item=coordination_request, user=request.user),
            "can_answer": form is not None,
            "form": form,
            "can_receive": can_receive,
        },
    )


def letter_detail(request, pk):
    item = access.get_letter_for_user(request.user, pk)
    return _detail(request, item, _answer_form(request.user, item))


@require_POST
def letter_answer_view(request, pk):
    """The first answer, or (with ``correct``) its correction: an explicit action that the
    service refuses once the Bureau has received the answer."""
    item = access.get_letter_for_user(request.user, pk)
    access.require(request.user, Right.ANSWER_LETTER, item)
    form = _answer_form(request.user, item, request.POST, request.FILES) or AnswerForm(
        request.POST, request.FILES
    )
    if form.is_valid():
        data = form.cleaned_data
        write = letter_answer_correct if data["correct"] else letter_answer
        try:
            write(
                letter=item,
                actor=request.user,
                answer_text=data["answer_text"],
                reply_number=data["reply_number"],
                reply_date=data["reply_date"],
                attachments=data["attachments"],
                expected_version=data["version"],
            )
        except CoordinationError as error:
            messages.error(request, str(error))
            return redirect(item)
        if data["correct"]:
            messages.success(request, _("The corrected answer was recorded."))
        else:
            messages.success(request, _("The answer was recorded."))
        return redirect(item)
    return _detail(request, item, form)


@require_POST
def letter_receive(request, pk):
    """The Bureau marks an answer received ("Tandai diterima"): it is final from then on."""
    item = access.get_letter_for_user(request.user, pk)
    access.require(request.user, Right.RECEIVE_ANSWER, item)
    version = request.POST.get("version", "")
    try:
        letter_answer_receive(
            letter=item,
            actor=request.user,
            expected_version=int(version) if version.isdigit() else 0,
        )
    except CoordinationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The answer was marked received."))
    return redirect(item)


def _letter_context(request) -> dict:
    """What a letter opened from an agreement or a task starts with: that agreement, and
    the task with its unit. Ids outside the user's scope are ignored, never shown."""
    initial = {}
    task_id, agreement_id = request.GET.get("task", ""), request.GET.get("agreement", "")
    if task_id.isdigit():
        task = (
            access.tasks_visible_to(request.user)
            .select_related("commitment")
            .filter(pk=task_id)
            .first()
        )
        if task is not None:
            initial.update(
                agreement=task.commitment.agreement_id,
                task=task.pk,
                work_units=[task.responsible_unit_id],
            )
            return initial
    if (
        agreement_id.isdigit()
        and access.agreements_visible_to(request.user).filter(pk=agreement_id).exists()
    ):
        initial["agreement"] = int(agreement_id)
    return initial


@require_http_methods(["GET", "POST"])
def letter_new(request):
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    initial = {"sent_on": timezone.localdate(), **_letter_context(request)}
    form = RequestForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = letter_send(
                agreement=data["agreement"],
                actor=request.user,
                work_units=list(data["work_units"]),
                letter_number=data["letter_number"],
                subject=data["subject"],
                message=data["message"],
                sent_on=data["sent_on"],
                answer_due=data["answer_due"],
                task=data["task"],
                attachment=data["attachment"],
            )
        except CoordinationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("The request was sent to %(count)s work unit(s).") % {"count": len(sent)},
            )
            return redirect(sent[0] if len(sent) == 1 else "agreements:letter_list")
    return render(request, "agreements/letter_form.html", {"form": form})
