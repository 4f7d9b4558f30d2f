"""django-filter FilterSets, each with a free-text ``q``."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import agreements_taking_part
from .forms import StyledForm
from .models import Agreement, Partner, Sector, Stage, WorkUnit


def partner_countries():
    countries = Partner.objects.order_by("country").values_list("country", flat=True).distinct()
    return [(c, c) for c in countries]


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=Partner.objects.order_by("name")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="partner__country", choices=partner_countries
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        to_field_name="code",
        queryset=Sector.objects.order_by("name"),
    )
    work_unit = django_filters.ModelChoiceFilter(
        label=_("Work unit"), queryset=WorkUnit.objects.order_by("name"), method="taking_part"
    )
    stage_since = django_filters.DateFromToRangeFilter(
        label=_("In the current stage since (from – to)"),
        # DateRangeWidget, not RangeWidget: keeps django-filter's documented parameter names
        # stage_since_after / stage_since_before (RangeWidget would make them _min / _max).
        widget=django_filters.widgets.DateRangeWidget(
            attrs={"type": "date", "class": "form-control"}
        ),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("title", "title"),
            ("partner__name", "partner"),
            ("stage_order", "stage"),
            ("stage_since", "stage_since"),
            ("valid_until", "valid_until"),
        ),
        field_labels={
            "title": _("Title"),
            "partner__name": _("Partner"),
            "stage_order": _("Stage"),
            "stage_since": _("Stage date"),
            "valid_until": _("Valid until"),
        },
    )

    class Meta:
        model = Agreement
        fields = []
        form = StyledForm

    def filter_queryset(self, queryset):
        # A tie-breaker, so that equal sort keys cannot repeat or skip rows across pages.
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__native_name__icontains=value)
            | Q(dprd_decision_number__icontains=value)
            | Q(mou_number__icontains=value)
        )

    def taking_part(self, queryset, name, value):
        return queryset.filter(pk__in=agreements_taking_part(value).values("pk"))
