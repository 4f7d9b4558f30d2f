"""Agreements: list, detail with its timeline, create and edit, contacts and stage moves."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access, lifecycle
from ..access import Right
from ..exports import AGREEMENT_EXPORT
from ..filters import AgreementFilterSet
from ..forms import AgreementForm, ContactForm, CorrectionForm, DocumentForm, StageStepForm
from ..lifecycle import LifecycleError
from ..models import StageAction
from ..selectors.agreements import agreement_list, agreement_timeline
from ..selectors.followup import agreement_followup
from ..selectors.history import history_entries
from ..services.agreements import (
    AgreementError,
    agreement_create,
    agreement_update,
    contact_create,
)
from ..services.documents import document_create
from ..services.lifecycle import agreement_correct_last_step, agreement_move_stage
from .lists import list_page


def agreement_index(request):
    return list_page(
        request,
        queryset=agreement_list(user=request.user),
        filterset=AgreementFilterSet,
        export=AGREEMENT_EXPORT,
        template="agreements/agreement_list.html",
        context={"can_manage": access.can(request.user, Right.MANAGE_AGREEMENTS)},
    )


def agreement_detail(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    can_manage = access.can(request.user, Right.MANAGE_AGREEMENTS)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "sectors": agreement.sectors.all(),
            "timeline": agreement_timeline(agreement=agreement, user=request.user),
            "can_manage": can_manage,
            "stage_strip": lifecycle.stage_strip(agreement),
            "steps": lifecycle.steps_available(agreement) if can_manage else [],
            "correctable": lifecycle.last_correctable_event(agreement) if can_manage else None,
            "commitments": agreement_followup(
                agreement=agreement, user=request.user, today=timezone.localdate()
            ),
            "history": history_entries(agreement, user=request.user),
        },
    )


def _agreement_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "partner": data["partner"],
        "kind": data["kind"],
        "sectors": data["sectors"],
        "coordinating_unit": data["coordinating_unit"],
        "summary": data["summary"],
    }


@require_http_methods(["GET", "POST"])
def agreement_new(request):
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(
                actor=request.user,
                first_contact_date=form.cleaned_data["first_contact_date"],
                **_agreement_fields(form),
            )
        except AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The agreement was created."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        agreement_update(agreement=agreement, actor=request.user, **_agreement_fields(form))
        messages.success(request, _("The agreement was saved."))
        return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@require_http_methods(["GET", "POST"])
def contact_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = ContactForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        contact_create(
            agreement=agreement,
            actor=request.user,
            attachment=form.cleaned_data["attachment"],
            **fields,
        )
        messages.success(request, _("The contact was logged."))
        return redirect(agreement)
    return render(request, "agreements/contact_form.html", {"form": form, "agreement": agreement})


@require_http_methods(["GET", "POST"])
def stage_step(request, pk, action):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    try:
        step = lifecycle.STEPS[StageAction(action)]
    except (ValueError, KeyError):  # not an action, or one that is no step (opened, corrected)
        raise Http404 from None
    if not step.by_person:
        raise Http404
    form = StageStepForm(request.POST or None, request.FILES or None, step=step)
    allowed = step in lifecycle.steps_available(agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement_move_stage(
                agreement=agreement,
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
            return redirect(agreement)
    return render(
        request,
        "agreements/stage_form.html",
        {"form": form, "agreement": agreement, "step": step, "allowed": allowed},
    )


@require_http_methods(["GET", "POST"])
def stage_correct(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    target = lifecycle.last_correctable_event(agreement)
    form = CorrectionForm(request.POST or None, initial={"event": target.pk if target else None})
    if request.method == "POST" and form.is_valid():
        try:
            agreement_correct_last_step(
                agreement=agreement,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                event_id=form.cleaned_data["event"],
            )
        except lifecycle.StepChangedError as error:
            # Most often a double click: the first post did the correction; show its result.
            messages.warning(request, str(error))
            return redirect(agreement)
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The last step was corrected."))
            return redirect(agreement)
    return render(
        request,
        "agreements/correction_form.html",
        {"form": form, "agreement": agreement, "target": target},
    )


@require_http_methods(["GET", "POST"])
def document_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document_create(
            agreement=agreement,
            actor=request.user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
        )
        messages.success(request, _("The document was uploaded."))
        return redirect(agreement)
    return render(request, "agreements/document_form.html", {"form": form, "agreement": agreement})
