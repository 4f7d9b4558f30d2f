"""Agreements: list, detail with its timeline, create and edit, contacts and stage moves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access, lifecycle
from ..access import Right
from ..exports import AGREEMENT_EXPORT
from ..filters import AgreementFilterSet
from ..forms import (
    AgreementForm,
    ContactForm,
    CorrectionForm,
    DocumentForm,
    HandOverForm,
    ReceiveAnswerForm,
    StageStepForm,
)
from ..lifecycle import DOCUMENT, LifecycleError
from ..models import Holder, StageAction
from ..models.documents import DocumentKind
from ..selectors.agreements import (
    agreement_list,
    agreement_timeline,
    agreement_validity,
    file_position,
)
from ..selectors.documents import agreement_documents
from ..selectors.evaluations import agreement_evaluations, renewal_basis_preview
from ..selectors.followup import agreement_followup
from ..selectors.history import history_entries
from ..selectors.monitoring import agreement_work_plans
from ..selectors.pks import agreement_pks
from ..selectors.visits import agreement_visits
from ..services.agreements import (
    AgreementError,
    agreement_create,
    agreement_update,
    contact_create,
    contact_document_kind,
)
from ..services.documents import document_create
from ..services.lifecycle import (
    agreement_correct_last_step,
    agreement_hand_over,
    agreement_move_stage,
    agreement_receive_answer,
    agreement_record_steps,
)
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
    document_kind = request.GET.get("kind", "")  # an unknown kind: the selector ignores it
    timeline = agreement_timeline(agreement=agreement, user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "validity": agreement_validity(agreement=agreement, timeline=timeline),
            "position": file_position(agreement=agreement, timeline=timeline, today=today),
            "implementing": agreement_pks(agreement=agreement, user=request.user, today=today),
            "may_hand_over": can_manage and lifecycle.can_hand_over(agreement),
            "several_ahead": can_manage and len(lifecycle.steps_ahead(agreement)) > 1,
            "documents": agreement_documents(
                agreement=agreement, user=request.user, kind=document_kind
            ),
            "document_kinds": DocumentKind.choices,
            "document_kind": document_kind,
            "sectors": agreement.sectors.all(),
            "timeline": timeline,
            "can_manage": can_manage,
            "stage_strip": lifecycle.stage_strip(agreement),
            "steps": lifecycle.steps_available(agreement) if can_manage else [],
            "correctable": lifecycle.last_correctable_event(agreement) if can_manage else None,
            "commitments": agreement_followup(agreement=agreement, user=request.user, today=today),
            "history": history_entries(agreement, user=request.user),
            # Monitoring and evaluation, visits (each part scoped to the user).
            "work_plans": agreement_work_plans(agreement=agreement, user=request.user),
            "evaluations": agreement_evaluations(agreement=agreement, user=request.user),
            "visits": agreement_visits(agreement=agreement, user=request.user),
        },
    )


def _agreement_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "partner": data["partner"],
        "new_partner": form.new_partner_fields,
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
        except ValidationError as error:  # the new partner was saved by someone else meanwhile
            form.add_error(None, error)
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
        fields = _agreement_fields(form)
        del fields["new_partner"]  # only a new agreement brings a new partner
        try:
            agreement_update(agreement=agreement, actor=request.user, **fields)
        except AgreementError as error:
            form.add_error(None, str(error))
        else:
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
        try:
            agreement_move_stage(
                agreement=agreement, actor=request.user, action=step.action, **form.evidence
            )
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": step.action.label})
            return redirect(agreement)
    return render(
        request,
        "agreements/stage_form.html",
        {
            "form": form,
            "agreement": agreement,
            "step": step,
            "allowed": allowed,
            "scope_missing": lifecycle.scope_missing(agreement)
            if step.action == StageAction.LOI
            else [],
            # A renewal rests on a recent evaluation (issue 12): which one, before filling in.
            "renewal": renewal_basis_preview(agreement=agreement, today=timezone.localdate())
            if step.action == StageAction.RENEWED
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def stage_several(request, pk):
    """Several steps of the path at once, up to the one chosen (``?through=``): the
    Bureau entering an old file whose evidence is all there."""
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    ahead = lifecycle.steps_ahead(agreement)
    actions = [s.action for s in ahead]
    through = request.POST.get("through") or request.GET.get("through") or ""
    chosen = ahead[: actions.index(through) + 1] if through in actions else []
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    forms = [StageStepForm(data, files, step=step, prefix=step.action) for step in chosen]
    if request.method == "POST" and chosen and all(form.is_valid() for form in forms):
        try:
            agreement_record_steps(
                agreement=agreement,
                actor=request.user,
                entries=[{"action": f.step.action, **f.evidence} for f in forms],
            )
        except LifecycleError as error:
            forms[0].add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Recorded: %(steps)s.") % {"steps": ", ".join(str(f.step.label) for f in forms)},
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/stage_several.html",
        {"agreement": agreement, "ahead": ahead, "through": through, "forms": forms},
    )


@require_http_methods(["GET", "POST"])
def hand_over(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = HandOverForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_hand_over(agreement=agreement, actor=request.user, **form.cleaned_data)
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The file was handed to %(holder)s.") % {"holder": agreement.holder_name},
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/handover_form.html",
        {
            "form": form,
            "agreement": agreement,
            "allowed": lifecycle.can_hand_over(agreement),
            "awaited": lifecycle.next_step(agreement.kind, agreement.stage),
        },
    )


@require_http_methods(["GET", "POST"])
def receive_answer(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = ReceiveAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_receive_answer(agreement=agreement, actor=request.user, **form.cleaned_data)
        except LifecycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The answer was recorded: the Bureau holds the file."))
            return redirect(agreement)
    return render(
        request,
        "agreements/receive_form.html",
        {
            "form": form,
            "agreement": agreement,
            "allowed": lifecycle.can_hand_over(agreement) and agreement.holder != Holder.BUREAU,
        },
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


def _upload_place(request, agreement) -> tuple[dict, str | None, object]:
    """Where the upload was started (?contact= or ?step=, a stage event): the owner the
    document is filed under, the kind that follows from it, and the owner itself."""

    def pk_of(name):
        value = request.GET.get(name, "")
        if not value.isdigit():
            raise Http404
        return int(value)

    if "contact" in request.GET:
        contact = get_object_or_404(agreement.contacts, pk=pk_of("contact"))
        return {"contact": contact}, contact_document_kind(contact.kind), contact
    if "step" in request.GET:
        event = get_object_or_404(agreement.stage_events, pk=pk_of("step"))
        step = lifecycle.STEPS.get(event.action)
        if step is None or DOCUMENT not in step.evidence:
            raise Http404  # the opening, a correction, an expiry: no document belongs there
        return {"stage_event": event}, step.document_kind, event
    return {}, None, None


@require_http_methods(["GET", "POST"])
def document_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    owner_fields, kind, owner = _upload_place(request, agreement)
    form = DocumentForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        document_create(
            agreement=agreement,
            actor=request.user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            **owner_fields,
        )
        messages.success(request, _("The document was uploaded."))
        return redirect(agreement)
    return render(
        request,
        "agreements/document_form.html",
        {"form": form, "agreement": agreement, "owner": owner, "preset_kind": form.preset_kind},
    )
