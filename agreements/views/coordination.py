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
from ..services.coordination import CoordinationError, letter_answer, letter_send
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


def _detail(request, coordination_request, form):
    return render(
        request,
        "agreements/letter_detail.html",
        {
            **letter_page(item=coordination_request, user=request.user),
            "can_answer": form is not None,
            "form": form,
        },
    )


def letter_detail(request, pk):
    item = access.get_letter_for_user(request.user, pk)
    form = None
    if access.can(request.user, Right.ANSWER_LETTER, item) and not item.is_answered:
        form = AnswerForm(initial={"version": item.version})
    return _detail(request, item, form)


@require_POST
def letter_answer_view(request, pk):
    item = access.get_letter_for_user(request.user, pk)
    access.require(request.user, Right.ANSWER_LETTER, item)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            letter_answer(
                letter=item,
                actor=request.user,
                answer_text=form.cleaned_data["answer_text"],
                expected_version=form.cleaned_data["version"],
            )
        except CoordinationError as error:
            messages.error(request, str(error))
            return redirect(item)
        messages.success(request, _("The answer was recorded."))
        return redirect(item)
    return _detail(request, item, form)


@require_http_methods(["GET", "POST"])
def letter_new(request):
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    initial = {"sent_on": timezone.localdate()}
    if request.GET.get("agreement", "").isdigit():
        initial["agreement"] = request.GET["agreement"]
    if request.GET.get("task", "").isdigit():
        initial["task"] = request.GET["task"]
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
