"""Annual work plans: create and edit a plan, its activities and indicators, turn an
activity into a follow-up task.

Thin: access (404 out of scope, 403 without the right) in access.py, the rules in
services/monitoring.py, the reads in selectors/monitoring.py.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..access import Right
from ..forms.monitoring import ActivityForm, IndicatorFormSet, WorkPlanForm
from ..models import PlannedActivity
from ..selectors.monitoring import work_plan_detail_context
from ..services.monitoring import (
    MonitoringError,
    activity_create,
    activity_delete,
    activity_make_task,
    activity_update,
    work_plan_create,
    work_plan_update,
)


def _plan_form_page(request, *, agreement, pks=None):
    owner = pks or agreement
    form = WorkPlanForm(request.POST or None, request.FILES or None)
    allowed = owner.is_in_force
    if request.method == "POST" and allowed and form.is_valid():
        data = form.cleaned_data
        try:
            plan = work_plan_create(
                agreement=agreement,
                pks=pks,
                actor=request.user,
                year=data["year"],
                meeting_date=data["meeting_date"],
                meeting_place=data["meeting_place"],
                notes=data["notes"],
                document=data.get("document"),
            )
        except MonitoringError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The work plan was recorded."))
            return redirect(plan)
    return render(
        request,
        "agreements/work_plan_form.html",
        {"form": form, "owner": owner, "allowed": allowed},
    )


@require_http_methods(["GET", "POST"])
def work_plan_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, agreement)
    return _plan_form_page(request, agreement=agreement)


@require_http_methods(["GET", "POST"])
def pks_work_plan_new(request, pk):
    pks = access.get_pks_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, pks)
    return _plan_form_page(request, agreement=pks.agreement, pks=pks)


def work_plan_detail(request, pk):
    plan = access.get_work_plan_for_user(request.user, pk)
    context = work_plan_detail_context(work_plan=plan, user=request.user)
    context["can_plan"] = access.can(request.user, Right.PLAN_WORK, plan)
    return render(request, "agreements/work_plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def work_plan_edit(request, pk):
    plan = access.get_work_plan_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, plan)
    form = WorkPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work_plan_update(
                work_plan=plan,
                actor=request.user,
                year=data["year"],
                meeting_date=data["meeting_date"],
                meeting_place=data["meeting_place"],
                notes=data["notes"],
            )
        except MonitoringError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The work plan was saved."))
            return redirect(plan)
    return render(
        request,
        "agreements/work_plan_form.html",
        {"form": form, "owner": plan.pks or plan.agreement, "work_plan": plan, "allowed": True},
    )


def _activity_fields(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in ("title", "description", "sector", "work_unit", "quarter", "commitment")
    }


def _activity_page(request, *, plan, activity=None):
    instance = activity or PlannedActivity(work_plan=plan)
    form = ActivityForm(request.POST or None, instance=instance, work_plan=plan)
    formset = IndicatorFormSet(request.POST or None, instance=instance, prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        keep, remove = formset.indicator_changes()
        try:
            if activity is None:
                activity_create(
                    work_plan=plan, actor=request.user, indicators=keep, **_activity_fields(form)
                )
            else:
                activity_update(
                    activity=activity,
                    actor=request.user,
                    indicators=keep,
                    remove=remove,
                    **_activity_fields(form),
                )
        except MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(plan)
    return render(
        request,
        "agreements/activity_form.html",
        {"form": form, "formset": formset, "work_plan": plan, "activity": activity},
    )


@require_http_methods(["GET", "POST"])
def activity_new(request, pk):
    plan = access.get_work_plan_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, plan)
    return _activity_page(request, plan=plan)


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, activity)
    return _activity_page(request, plan=activity.work_plan, activity=activity)


@require_POST
def activity_remove(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, activity)
    try:
        activity_delete(activity=activity, actor=request.user)
    except MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The activity was removed."))
    return redirect(activity.work_plan)


@require_POST
def activity_task(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    access.require(request.user, Right.PLAN_WORK, activity)
    had_task = activity.task_id is not None
    try:
        task = activity_make_task(activity=activity, actor=request.user)
    except MonitoringError as error:
        messages.error(request, str(error))
        return redirect(activity.work_plan)
    if had_task:
        messages.info(request, _("The activity is already a follow-up task."))
    else:
        messages.success(request, _("The activity is now a follow-up task."))
    return redirect(task)
