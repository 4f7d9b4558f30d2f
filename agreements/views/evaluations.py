"""Annual evaluations: start one for an MoU or a PKS, edit the draft, complete it, the
page, its PDF and Leadership's sign-off.

Thin: access in access.py (an evaluation outside one's scope, an officer's view of any:
404; a missing right: 403), the rules in services/evaluations.py, the reads in
selectors/evaluations.py, the PDF in agreements/reports.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..access import Right
from ..forms.evaluations import EvaluationForm
from ..reports.evaluation import evaluation_pdf_filename, render_evaluation_pdf
from ..selectors.evaluations import (
    evaluation_context,
    evaluation_figures,
    evaluation_prefill,
    may_be_evaluated,
)
from ..services.evaluations import (
    EvaluationError,
    evaluation_complete,
    evaluation_create,
    evaluation_sign_off,
    evaluation_update,
)
from ..services.versioning import ConcurrentEditError


def _years(*, agreement, pks, today) -> list[int]:
    """The years that may be evaluated: from the signing up to the current year."""
    signed = pks.signed_on if pks is not None else agreement.mou_signed_date
    first = signed.year if signed else today.year
    return list(range(today.year, first - 1, -1))


def _chosen_year(request, years: list[int], today) -> int:
    """The year asked for (?year=), if it may be evaluated; else last year (or this one)."""
    text = request.POST.get("year") or request.GET.get("year") or ""
    year = int(text) if text.strip().isdigit() and len(text.strip()) <= 4 else None
    if year in years:
        return year
    return today.year - 1 if today.year - 1 in years else years[0]


def _new(request, *, agreement, pks):
    access.require(request.user, Right.EVALUATE)
    today = timezone.localdate()
    allowed = may_be_evaluated(agreement=agreement, pks=pks)
    years = _years(agreement=agreement, pks=pks, today=today)
    year = _chosen_year(request, years, today)
    prefill = evaluation_prefill(
        agreement=agreement, pks=pks, year=year, user=request.user, today=today
    )
    form = EvaluationForm(
        request.POST or None, initial=prefill["initial"], figures=prefill["figures"]
    )
    if request.method == "POST" and allowed and form.is_valid():
        try:
            evaluation = evaluation_create(
                agreement=agreement,
                pks=pks,
                actor=request.user,
                year=year,
                **form.fields_for_service,
            )
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The evaluation was saved as a draft."))
            return redirect(evaluation)
    return render(
        request,
        "agreements/evaluation_form.html",
        {
            "form": form,
            "agreement": agreement,
            "pks": pks,
            "allowed": allowed,
            "years": years,
            "year": year,
            "indicators": prefill["indicators"],
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    return _new(request, agreement=agreement, pks=None)


@require_http_methods(["GET", "POST"])
def pks_evaluation_new(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    return _new(request, agreement=pks.agreement, pks=pks)


def _actions(user, evaluation) -> dict:
    return {
        "can_edit": not evaluation.is_completed and access.can(user, Right.EVALUATE),
        "can_sign_off": evaluation.status == "completed"
        and access.can(user, Right.SIGN_OFF_EVALUATION),
    }


def evaluation_detail(request, pk):
    evaluation = access.get_evaluation_for_user(request.user, pk)
    context = evaluation_context(
        evaluation=evaluation, user=request.user, today=timezone.localdate()
    )
    context.update(_actions(request.user, evaluation))
    return render(request, "agreements/evaluation_detail.html", context)


@require_http_methods(["GET", "POST"])
def evaluation_edit(request, pk):
    evaluation = access.get_evaluation_for_user(request.user, pk)
    access.require(request.user, Right.EVALUATE)
    today = timezone.localdate()
    figures = evaluation_figures(
        agreement=evaluation.agreement, pks=evaluation.pks, year=evaluation.year, today=today
    )
    form = EvaluationForm(request.POST or None, instance=evaluation, figures=figures)
    allowed = not evaluation.is_completed
    if request.method == "POST" and allowed and form.is_valid():
        version = form.cleaned_data.get("version") or evaluation.version
        try:
            evaluation_update(
                evaluation=evaluation,
                actor=request.user,
                version=version,
                **form.fields_for_service,
            )
        except ConcurrentEditError:
            form.add_error(
                None,
                _(
                    "Someone saved this evaluation after you opened it: nothing was saved. "
                    "Reload the page to see their changes."
                ),
            )
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(evaluation)
    return render(
        request,
        "agreements/evaluation_form.html",
        {
            "form": form,
            "evaluation": evaluation,
            "agreement": evaluation.agreement,
            "pks": evaluation.pks,
            "allowed": allowed,
            "year": evaluation.year,
        },
    )


@require_POST
def evaluation_complete_view(request, pk):
    evaluation = access.get_evaluation_for_user(request.user, pk)
    access.require(request.user, Right.EVALUATE)
    try:
        evaluation_complete(evaluation=evaluation, actor=request.user)
    except EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The evaluation was completed."))
    return redirect(evaluation)


@require_POST
def evaluation_sign_off_view(request, pk):
    evaluation = access.get_evaluation_for_user(request.user, pk)
    access.require(request.user, Right.SIGN_OFF_EVALUATION)
    try:
        evaluation_sign_off(evaluation=evaluation, actor=request.user)
    except EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The evaluation was signed off."))
    return redirect(evaluation)


def evaluation_pdf(request, pk):
    evaluation = access.get_evaluation_for_user(request.user, pk)
    rendered = render_evaluation_pdf(
        evaluation=evaluation, user=request.user, today=timezone.localdate()
    )
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{evaluation_pdf_filename(evaluation)}"'
    )
    return response
