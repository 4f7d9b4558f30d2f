"""Budget lines per fiscal year, work unit and commitment."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..access import Right
from ..exports import BUDGET_EXPORT
from ..filters import BudgetFilterSet
from ..forms.followup import BudgetLineForm
from ..selectors.budget import budget_list, budget_totals
from ..selectors.history import history_entries
from ..services.budget import BudgetError, budget_line_create, budget_line_update
from ..services.versioning import ConcurrentEditError
from .lists import list_page
from .messages import concurrent_edit_message, keep_typed


def budget_index(request):
    if "fiscal_year" not in request.GET and "export" not in request.GET:
        # The page opens on the current fiscal year (WITA); its sort, page and download
        # links then carry that year. An empty choice ("all years") is kept as chosen.
        request.GET = request.GET.copy()
        request.GET["fiscal_year"] = str(timezone.localdate().year)
    can_record = access.can(request.user, Right.RECORD_BUDGET)
    return list_page(
        request,
        queryset=budget_list(user=request.user),
        filterset=BudgetFilterSet,
        export=BUDGET_EXPORT,
        template="agreements/budget_list.html",
        per_page=50,
        context=lambda lines: {"totals": budget_totals(lines), "can_record": can_record},
    )


def _fields(form):
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@require_http_methods(["GET", "POST"])
def budget_new(request):
    access.require(request.user, Right.RECORD_BUDGET)
    form = BudgetLineForm(
        request.POST or None, user=request.user, initial={"fiscal_year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            budget_line_create(actor=request.user, **_fields(form))
        except BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The budget line was recorded."))
            return redirect("agreements:budget_list")
    return render(request, "agreements/budget_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    line = access.get_budget_line_for_user(request.user, pk)
    access.require(request.user, Right.RECORD_BUDGET)
    form = BudgetLineForm(request.POST or None, instance=line, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            budget_line_update(
                line=line,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **_fields(form),
            )
        except ConcurrentEditError as error:
            concurrent_edit_message(request, error)
            line.refresh_from_db()
            form = BudgetLineForm(keep_typed(request.POST, line), instance=line, user=request.user)
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
