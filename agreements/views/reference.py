"""Partners and work units: lists and details; partners are edited by Bureau staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..forms import PartnerForm
from ..models import Partner, WorkUnit
from ..selectors.history import history_entries
from ..services.reference import partner_create, partner_update


def partner_index(request):
    visible = access.agreements_visible_to(request.user).values("pk")
    partners = Partner.objects.annotate(
        agreement_count=Count("agreements", filter=Q(agreements__in=visible))
    ).order_by("country", "name")
    query = request.GET.get("q", "").strip()
    if query:
        partners = partners.filter(
            Q(name__icontains=query) | Q(native_name__icontains=query) | Q(country__icontains=query)
        )
    return render(
        request,
        "agreements/partner_list.html",
        {
            "partners": partners,
            "query": query,
            "can_manage": access.can_manage_agreements(request.user),
        },
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
            "can_manage": access.can_manage_agreements(request.user),
            "history": history_entries(partner, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def partner_edit(request, pk=None):
    access.require_manage_agreements(request.user)
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
    units = WorkUnit.objects.prefetch_related("sectors").order_by("-is_active", "name")
    openable = set(access.work_units_visible_to(request.user).values_list("pk", flat=True))
    return render(request, "agreements/work_unit_list.html", {"units": units, "openable": openable})


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
