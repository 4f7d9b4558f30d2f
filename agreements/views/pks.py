"""Implementing agreements (PKS): list, detail, draft and edit, steps, correction, uploads.

Thin: access (404 out of scope, 403 without the right) in access.py, the rules in
services/pks.py, the reads in selectors/pks.py.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import access, lifecycle
from ..access import Right
from ..exports import ExportTable
from ..forms import CorrectionForm, DocumentForm, StageStepForm
from ..forms.pks import PksForm
from ..lifecycle import LifecycleError
from ..models import PksAction, Stage
from ..models.documents import DocumentKind
from ..selectors.history import history_entries
from ..selectors.pks import PksFilterSet, pks_detail_context, pks_list
from ..services.documents import document_create
from ..services.pks import (
    last_correctable_pks_event,
    pks_correct_last_step,
    pks_create,
    pks_editable,
    pks_move,
    pks_steps_available,
    pks_update,
)
from .lists import list_page

PKS_EXPORT = ExportTable(
    "pks",
    [
        (gettext_lazy("No."), lambda p: p.pk),
        (gettext_lazy("PKS"), lambda p: p.title),
        (gettext_lazy("PKS number"), lambda p: p.number),
        (gettext_lazy("MoU"), lambda p: p.agreement.title),
        (gettext_lazy("NTB work unit"), lambda p: p.work_unit.name),
        (gettext_lazy("Counterpart agency"), lambda p: p.counterpart),
        (gettext_lazy("Stage"), lambda p: p.get_stage_display()),
        (gettext_lazy("Signing date"), lambda p: p.signed_on),
        (gettext_lazy("Valid until"), lambda p: p.valid_until),
    ],
)


def pks_index(request):
    return list_page(
        request,
        queryset=pks_list(user=request.user),
        filterset=PksFilterSet,
        export=PKS_EXPORT,
        template="agreements/pks_list.html",
    )


def _step_buttons(user, pks) -> list:
    return [s for s in pks_steps_available(pks) if access.can(user, Right(s.right), pks)]


def pks_detail(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    context = pks_detail_context(pks=pks, user=request.user, today=timezone.localdate())
    may_correct = access.can(request.user, Right.APPROVE_PKS)
    context.update(
        {
            "steps": _step_buttons(request.user, pks),
            "correctable": last_correctable_pks_event(pks) if may_correct else None,
            "can_edit": pks_editable(request.user, pks),
            "can_upload": access.can(request.user, Right.DRAFT_PKS, pks),
            "history": history_entries(pks, user=request.user),
        }
    )
    return render(request, "agreements/pks_detail.html", context)


def _pks_fields(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "drafted_on"}


@require_http_methods(["GET", "POST"])
def pks_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.DRAFT_PKS)
    form = PksForm(request.POST or None, agreement=agreement, user=request.user)
    allowed = agreement.stage == Stage.MOU
    if request.method == "POST" and form.is_valid():
        try:
            pks = pks_create(
                agreement=agreement,
                actor=request.user,
                drafted_on=form.cleaned_data["drafted_on"],
                **_pks_fields(form),
            )
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The PKS was drafted."))
            return redirect(pks)
    return render(
        request,
        "agreements/pks_form.html",
        {"form": form, "agreement": agreement, "allowed": allowed},
    )


@require_http_methods(["GET", "POST"])
def pks_edit(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    access.require(request.user, Right.DRAFT_PKS, pks)
    allowed = pks_editable(request.user, pks)
    form = PksForm(request.POST or None, instance=pks, agreement=pks.agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pks_update(pks=pks, actor=request.user, **_pks_fields(form))
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The PKS was saved."))
            return redirect(pks)
    return render(
        request,
        "agreements/pks_form.html",
        {"form": form, "agreement": pks.agreement, "pks": pks, "allowed": allowed},
    )


@require_http_methods(["GET", "POST"])
def pks_step(request, pk, action):
    pks = access.get_pks_for_user(request.user, pk)
    try:
        step = lifecycle.PKS_STEPS[PksAction(action)]
    except (ValueError, KeyError):  # not an action, or one that is no step (drafted, corrected)
        raise Http404 from None
    if not step.by_person:
        raise Http404
    access.require(request.user, Right(step.right), pks)
    form = StageStepForm(request.POST or None, request.FILES or None, step=step)
    allowed = pks.stage in step.from_stages
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pks_move(
                pks=pks,
                actor=request.user,
                action=step.action,
                date=data.get("date"),
                reference_number=data.get("reference_number", ""),
                valid_until=data.get("valid_until"),
                document=data.get("document"),
                note=data.get("note", ""),
                reason=data.get("reason", ""),
            )
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": step.action.label})
            return redirect(pks)
    return render(
        request,
        "agreements/pks_step_form.html",
        {"form": form, "pks": pks, "step": step, "allowed": allowed},
    )


@require_http_methods(["GET", "POST"])
def pks_correct(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    access.require(request.user, Right.APPROVE_PKS, pks)
    target = last_correctable_pks_event(pks)
    form = CorrectionForm(request.POST or None, initial={"event": target.pk if target else None})
    if request.method == "POST" and form.is_valid():
        try:
            pks_correct_last_step(
                pks=pks,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                event_id=form.cleaned_data["event"],
            )
        except lifecycle.StepChangedError as error:
            messages.warning(request, str(error))
            return redirect(pks)
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The last step was corrected."))
            return redirect(pks)
    return render(
        request, "agreements/pks_correction_form.html", {"form": form, "pks": pks, "target": target}
    )


@require_http_methods(["GET", "POST"])
def pks_document_new(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    access.require(request.user, Right.DRAFT_PKS, pks)
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={"kind": DocumentKind.WORK_PLAN}
    )
    if request.method == "POST" and form.is_valid():
        document_create(
            agreement=pks.agreement,
            actor=request.user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            pks=pks,
        )
        messages.success(request, _("The document was uploaded."))
        return redirect(pks)
    return render(request, "agreements/pks_document_form.html", {"form": form, "pks": pks})
