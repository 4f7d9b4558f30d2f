"""Follow-up: the task list (an SKPD officer's inbox), task detail, progress, commitments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..access import Right
from ..exports import TASK_EXPORT
from ..filters import TaskFilterSet
from ..forms.followup import CommitmentForm, ProgressForm, TaskForm
from ..forms.monitoring import figures_of
from ..models.followup import Commitment
from ..selectors.followup import task_detail_context, task_inbox, task_list
from ..selectors.history import history_entries
from ..selectors.monitoring import task_figures
from ..services.followup import (
    FollowUpError,
    commitment_create,
    commitment_update,
    progress_saved_before,
    task_create,
    task_update,
)
from ..services.monitoring import MonitoringError, progress_post_with_figures
from ..services.versioning import ConcurrentEditError
from .lists import list_page
from .messages import concurrent_edit_message, keep_typed


def task_index(request):
    today = timezone.localdate()
    return list_page(
        request,
        queryset=task_list(user=request.user, today=today),
        filterset=TaskFilterSet,
        export=TASK_EXPORT,
        template="agreements/task_list.html",
        context={
            "today": today,
            "inbox": None
            if access.can(request.user, Right.SEE_ALL_UNITS)
            else task_inbox(user=request.user, today=today),
        },
        today=today,
    )


def _task_page(request, task, progress_form=None):
    """The task page; ``progress_form`` carries a refused post back with its errors."""
    can_update = access.can(request.user, Right.UPDATE_TASK, task)
    if can_update and progress_form is None:
        progress_form = ProgressForm(
            task=task, user=request.user, initial={"date": timezone.localdate()}
        )
    context = task_detail_context(task=task, user=request.user, today=timezone.localdate())
    context["figures"] = task_figures(task=task, user=request.user)
    context.update(
        {
            "can_update": can_update,
            "can_manage": access.can(request.user, Right.MANAGE_AGREEMENTS),
            "progress_form": progress_form if can_update else None,
        }
    )
    return render(request, "agreements/task_detail.html", context)


def task_detail(request, pk):
    return _task_page(request, access.get_task_for_user(request.user, pk))


@require_POST
def task_progress(request, pk):
    task = access.get_task_for_user(request.user, pk)
    access.require(request.user, Right.UPDATE_TASK, task)
    if progress_saved_before(task=task, idempotency_key=request.POST.get("idempotency_key")):
        # The same form posted again (a double click, a reload): saved the first time.
        messages.success(request, _("The progress update was saved."))
        return redirect(task)
    form = ProgressForm(request.POST, request.FILES, task=task, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # With the realisation of the indicators (services/monitoring.py), in one go.
            progress_post_with_figures(
                task=task,
                actor=request.user,
                figures=figures_of(form),
                expected_version=data["version"],
                date=data["date"],
                text=data["text"],
                percent_complete=data["percent_complete"],
                status_change=data["status_change"],
                evidence=data["evidence"],
                idempotency_key=data["idempotency_key"],
            )
        except ConcurrentEditError as error:
            concurrent_edit_message(request, error)
            task.refresh_from_db()
            # The text stays; files must be chosen again (a browser cannot refill them).
            form = ProgressForm(keep_typed(request.POST, task), task=task, user=request.user)
            return _task_page(request, task, progress_form=form)
        except (FollowUpError, MonitoringError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The progress update was saved."))
            return redirect(task)
    return _task_page(request, task, progress_form=form)


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = access.get_task_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            task_update(
                task=task,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentEditError as error:
            concurrent_edit_message(request, error)
            task.refresh_from_db()
            form = TaskForm(keep_typed(request.POST, task), instance=task)
        else:
            messages.success(request, _("The task was saved."))
            return redirect(task)
    return render(request, "agreements/task_form.html", {"form": form, "task": task})


@require_http_methods(["GET", "POST"])
def commitment_new(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = CommitmentForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        commitment_create(agreement=agreement, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The commitment was recorded."))
        return redirect(agreement)
    return render(
        request, "agreements/commitment_form.html", {"form": form, "agreement": agreement}
    )


@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk):
    commitment = get_object_or_404(
        access.commitments_visible_to(request.user).select_related("agreement"), pk=pk
    )
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    agreement = commitment.agreement
    form = CommitmentForm(request.POST or None, instance=commitment, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        commitment_update(commitment=commitment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The commitment was saved."))
        return redirect(agreement)
    return render(
        request,
        "agreements/commitment_form.html",
        {
            "form": form,
            "agreement": agreement,
            "commitment": commitment,
            "history": history_entries(commitment, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def task_new(request, pk):
    commitment: Commitment = get_object_or_404(
        access.commitments_visible_to(request.user).select_related("agreement"), pk=pk
    )
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    form = TaskForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        task = task_create(commitment=commitment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The follow-up task was assigned."))
        return redirect(task)
    return render(request, "agreements/task_form.html", {"form": form, "commitment": commitment})
