"""Partners and work units: lists and details; partners are edited by Bureau staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..access import Right
from ..exports import PARTNER_EXPORT, WORK_UNIT_EXPORT
from ..filters import PartnerFilterSet, WorkUnitFilterSet
from ..forms import PartnerForm
from ..models import Partner
from ..selectors.history import history_entries
from ..selectors.reference import partner_list, work_unit_list
from ..services.reference import partner_create, partner_update
from .lists import list_page


def partner_index(request):
    return list_page(
        request,
        queryset=partner_list(user=request.user),
        filterset=PartnerFilterSet,
        export=PARTNER_EXPORT,
        template="agreements/partner_list.html",
        per_page=100,
        context={"can_manage": access.can(request.user, Right.MANAGE_AGREEMENTS)},
        context_object_name="partners",
    )


def partner_detail(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    agreements = (
        access.agreements_visible_to(request.user)
        .filter(partner=partner)
        .select_related("coordinating_unit")
        .order_by("title")
    )
    return render(
        request,
        "agreements/partner_detail.html",
        {
            "partner": partner,
            "agreements": agreements,
            "can_manage": access.can(request.user, Right.MANAGE_AGREEMENTS),
            "history": history_entries(partner, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def partner_edit(request, pk=None):
    access.require(request.user, Right.MANAGE_AGREEMENTS)
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            if partner is None:
                saved = partner_create(actor=request.user, **form.cleaned_data)
            else:
                saved = partner_update(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:  # the same partner, saved meanwhile by someone else
            form.add_error(None, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("agreements:partner_detail", pk=saved.pk)
    return render(request, "agreements/partner_form.html", {"form": form, "partner": partner})


def work_unit_index(request):
    units = work_unit_list()
    openable = access.work_units_visible_to(request.user)
    return list_page(
        request,
        queryset=units,
        filterset=WorkUnitFilterSet,
        export=WORK_UNIT_EXPORT,
        template="agreements/work_unit_list.html",
        per_page=100,
        context={"openable": set(openable.values_list("pk", flat=True))},
        context_object_name="units",
        export_queryset=units.filter(pk__in=openable.values("pk")),
    )


def work_unit_detail(request, pk):
    unit = access.get_work_unit_for_user(request.user, pk)
    agreements = (
        access.agreements_visible_to(request.user)
        .filter(pk__in=access.agreements_taking_part(unit).values("pk"))
        .select_related("partner")
        .order_by("title")
    )
    return render(
        request,
        "agreements/work_unit_detail.html",
        {
            "unit": unit,
            "sectors": unit.sectors.all(),
            "agreements": agreements,
            "officers": unit.officers.filter(is_active=True).order_by("username"),
        },
    )
