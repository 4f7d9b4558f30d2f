"""Budget lines per fiscal year, work unit and commitment."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..forms.followup import BudgetLineForm
from ..selectors.budget import budget_export, budget_list, budget_totals
from ..selectors.history import history_entries
from ..services.budget import BudgetError, budget_line_create, budget_line_update
from ..services.versioning import ConcurrentEditError
from .messages import concurrent_edit_message

PAGE_SIZE = 50


def budget_index(request):
    filterset = budget_list(user=request.user, data=request.GET or None)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        return budget_export(filterset.qs, kind=export)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/budget_list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": budget_totals(filterset.qs),
            "can_record": access.can_record_budget(request.user),
        },
    )


def _fields(form, user):
    fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    if user.is_skpd:
        fields["work_unit"] = user.work_unit
    return fields


@require_http_methods(["GET", "POST"])
def budget_new(request):
    access.require_record_budget(request.user)
    form = BudgetLineForm(
        request.POST or None, user=request.user, initial={"fiscal_year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            budget_line_create(actor=request.user, **_fields(form, request.user))
        except BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The budget line was recorded."))
            return redirect("agreements:budget_list")
    return render(request, "agreements/budget_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    line = access.get_budget_line_for_user(request.user, pk)
    access.require_record_budget(request.user)
    form = BudgetLineForm(request.POST or None, instance=line, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            budget_line_update(
                line=line,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **_fields(form, request.user),
            )
        except ConcurrentEditError as error:
            concurrent_edit_message(request, error)
            line.refresh_from_db()
            form = BudgetLineForm(instance=line, user=request.user)
        except BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("agreements:budget_list")
    return render(
        request,
        "agreements/budget_form.html",
        {"form": form, "line": line, "history": history_entries(line, user=request.user)},
    )
