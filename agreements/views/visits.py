"""Visits and delegations (list, record, edit, page, uploads) and the counterpart
directory of an agreement (list, add, edit, remove on request).

Thin: access in access.py (404 out of scope, 403 without the right), the rules in
services/visits.py and health.py, the reads in selectors/visits.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import access
from ..access import Right
from ..exports import ExportTable
from ..forms.visits import (
    CounterpartForm,
    CounterpartRemovalForm,
    ParticipantFormSet,
    PermitForm,
    VisitDocumentForm,
    VisitForm,
    participant_initial,
)
from ..models import Visit
from ..models.visits import VisitDirection
from ..selectors.visits import (
    VisitFilterSet,
    agreement_counterparts,
    visit_choices,
    visit_detail_context,
    visit_list,
    visit_warnings,
)
from ..services.visits import (
    PERMIT_FIELDS,
    VisitError,
    counterpart_create,
    counterpart_remove,
    counterpart_update,
    visit_create,
    visit_document_create,
    visit_update,
)
from .lists import list_page


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


VISIT_EXPORT = ExportTable(
    "kunjungan",
    [
        (gettext_lazy("No."), lambda v: v.pk),
        (gettext_lazy("Visit"), lambda v: v.title),
        (gettext_lazy("Kind of visit"), lambda v: v.get_direction_display()),
        (gettext_lazy("Agreement"), lambda v: v.agreement.title),
        (gettext_lazy("From"), lambda v: v.starts_on),
        (gettext_lazy("To"), lambda v: v.ends_on),
        (gettext_lazy("Places"), lambda v: v.places),
        (gettext_lazy("Participants"), lambda v: v.participant_count),
        (gettext_lazy("Permit requested on"), lambda v: v.permit_submitted_on),
        (gettext_lazy("Permit number"), lambda v: v.permit_number),
        (gettext_lazy("Permit decision"), lambda v: v.get_permit_decision_display()),
        (gettext_lazy("Permit requested late"), lambda v: _yes_no(v.permit_late)),
        (gettext_lazy("Exploratory mission too large"), lambda v: _yes_no(v.too_large)),
    ],
)


def visit_index(request):
    return list_page(
        request,
        queryset=visit_list(user=request.user),
        filterset=VisitFilterSet,
        export=VISIT_EXPORT,
        template="agreements/visit_list.html",
    )


def visit_detail(request, pk):
    visit = access.get_visit_for_user(request.user, pk)
    context = visit_detail_context(visit=visit, user=request.user, today=timezone.localdate())
    context["can_edit"] = access.can(request.user, Right.RECORD_VISIT, visit)
    return render(request, "agreements/visit_detail.html", context)


def _direction(request, visit) -> str:
    """The kind of visit the form is for: posted, else the visit's, else asked (?direction=)."""
    asked = request.POST.get("direction") or (visit.direction if visit else "")
    asked = asked or request.GET.get("direction", "")
    return asked if asked in VisitDirection.values else VisitDirection.OUTGOING


def _visit_form(request, *, agreement, visit=None):
    """Handle the visit form (create or edit); the response."""
    user = request.user
    choices = visit_choices(agreement=agreement, user=user)
    initial = {}
    if visit is None:
        initial["direction"] = _direction(request, None)
        for name in ("task", "pks"):
            asked = request.GET.get(name, "")
            if asked.isdigit() and choices[name].filter(pk=asked).exists():
                initial[name] = int(asked)
    post = request.POST if request.method == "POST" else None
    form = VisitForm(post, instance=visit, choices=choices, initial=initial)
    permit_initial = {name: getattr(visit, name) for name in PERMIT_FIELDS} if visit else None
    permit = PermitForm(post, initial=permit_initial, prefix="permit")
    participants = ParticipantFormSet(
        post, initial=participant_initial(visit) if visit else None, prefix="participants"
    )
    direction = _direction(request, visit)
    warnings = []
    if visit is not None and request.method == "GET":
        warnings = visit_warnings(visit, today=timezone.localdate())
    if post is not None:
        valid = all([form.is_valid(), permit.is_valid(), participants.is_valid()])
        if valid and direction == VisitDirection.INCOMING and permit.has_permit():
            permit.refuse_for_delegation()
            valid = False
        if valid:
            fields = dict(form.cleaned_data)
            if direction == VisitDirection.OUTGOING:
                fields.update(permit.cleaned_data)
            rows = participants.rows()
            draft = Visit(agreement=agreement, **fields)
            warnings = visit_warnings(draft, today=timezone.localdate(), participants=len(rows))
            # Warnings, never refusals: shown once before saving, then saved if confirmed.
            if warnings and not request.POST.get("warnings_seen"):
                valid = False
        if valid:
            try:
                if visit is None:
                    saved = visit_create(
                        agreement=agreement, actor=user, participants=rows, **fields
                    )
                else:
                    if direction == VisitDirection.INCOMING:
                        fields.update({n: None if n.endswith("_on") else "" for n in PERMIT_FIELDS})
                    saved = visit_update(visit=visit, actor=user, participants=rows, **fields)
            except VisitError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The visit was saved."))
                return redirect(saved)
    return render(
        request,
        "agreements/visit_form.html",
        {
            "form": form,
            "permit_form": permit,
            "participants": participants,
            "agreement": agreement,
            "visit": visit,
            "shows_permit": direction == VisitDirection.OUTGOING or bool(permit.errors),
            "warnings": warnings,
            "confirm_warnings": bool(warnings) and post is not None and form.is_valid(),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.RECORD_VISIT)
    return _visit_form(request, agreement=agreement)


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = access.get_visit_for_user(request.user, pk)
    access.require(request.user, Right.RECORD_VISIT, visit)
    return _visit_form(request, agreement=visit.agreement, visit=visit)


@require_http_methods(["GET", "POST"])
def visit_document_new(request, pk):
    visit = access.get_visit_for_user(request.user, pk)
    access.require(request.user, Right.RECORD_VISIT, visit)
    form = VisitDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        visit_document_create(
            visit=visit,
            actor=request.user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
        )
        messages.success(request, _("The document was uploaded."))
        return redirect(visit)
    return render(request, "agreements/visit_document_form.html", {"form": form, "visit": visit})


# --- the counterpart directory --------------------------------------------------------------


def _directory_agreement(request, pk):
    """The agreement whose directory is asked: 403 for roles that never see personal data,
    404 outside the user's scope."""
    if not access.can(request.user, Right.SEE_COUNTERPARTS):
        raise PermissionDenied
    # An officer sees the agreements their unit takes part in: the directory's own scope.
    agreement = access.get_agreement_for_user(request.user, pk)
    return agreement


def _counterpart_for(request, pk):
    if not access.can(request.user, Right.SEE_COUNTERPARTS):
        raise PermissionDenied
    counterpart = access.get_counterpart_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_COUNTERPARTS, counterpart)
    return counterpart


def counterpart_list(request, pk):
    agreement = _directory_agreement(request, pk)
    return render(
        request,
        "agreements/counterpart_list.html",
        {
            "agreement": agreement,
            "counterparts": agreement_counterparts(agreement=agreement, user=request.user),
            "can_manage": access.can(request.user, Right.MANAGE_COUNTERPARTS),
        },
    )


@require_http_methods(["GET", "POST"])
def counterpart_new(request, pk):
    agreement = _directory_agreement(request, pk)
    access.require(request.user, Right.MANAGE_COUNTERPARTS)
    form = CounterpartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counterpart_create(agreement=agreement, actor=request.user, **form.cleaned_data)
        except VisitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The entry was added to the counterpart directory."))
            return redirect("agreements:counterpart_list", agreement.pk)
    return render(
        request, "agreements/counterpart_form.html", {"form": form, "agreement": agreement}
    )


@require_http_methods(["GET", "POST"])
def counterpart_edit(request, pk):
    counterpart = _counterpart_for(request, pk)
    form = CounterpartForm(request.POST or None, instance=counterpart)
    if request.method == "POST" and form.is_valid():
        try:
            counterpart_update(counterpart=counterpart, actor=request.user, **form.cleaned_data)
        except VisitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("agreements:counterpart_list", counterpart.agreement_id)
    return render(
        request,
        "agreements/counterpart_form.html",
        {"form": form, "agreement": counterpart.agreement, "counterpart": counterpart},
    )


@require_http_methods(["GET", "POST"])
def counterpart_remove_view(request, pk):
    counterpart = _counterpart_for(request, pk)
    agreement = counterpart.agreement
    form = CounterpartRemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counterpart_remove(
                counterpart=counterpart, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except VisitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The entry was removed, and its personal data purged from its history."),
            )
            return redirect("agreements:counterpart_list", agreement.pk)
    return render(
        request,
        "agreements/counterpart_remove.html",
        {"form": form, "agreement": agreement, "counterpart": counterpart},
    )
