"""django-filter FilterSets of the list pages, each deriving from ``ListFilterSet``."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import health
from .access import Right, agreements_taking_part, agreements_visible_to, can
from .forms import StyledForm
from .models import (
    Agreement,
    BudgetLine,
    CoordinationRequest,
    FollowUpTask,
    Partner,
    Sector,
    Stage,
    TaskStatus,
    WorkUnit,
)


# DateRangeWidget, not RangeWidget: keeps django-filter's documented parameter names
# <name>_after / <name>_before (RangeWidget would make them _min / _max).
class DateRangeWidget(django_filters.widgets.DateRangeWidget):
    """The two dates of a range, each with its own label ("from", "to"): the fieldset's
    legend names the range, but a screen reader reads each input on its own."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"],
            (pgettext_lazy("date range", "from"), pgettext_lazy("date range", "to")),
            strict=True,
        ):
            subwidget["attrs"]["aria-label"] = str(label)
        return context


DATE_RANGE_WIDGET = DateRangeWidget(attrs={"type": "date", "class": "form-control"})
YES_NO = [("true", _("Yes")), ("false", _("No"))]


def partner_countries():
    countries = Partner.objects.order_by("country").values_list("country", flat=True).distinct()
    return [(c, c) for c in countries]


def commitment_sector_filter():
    """The sector of a task or budget line, reached through its commitment, by code."""
    return django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="commitment__sector",
        to_field_name="code",
        queryset=Sector.objects.order_by("name"),
    )


def commitment_agreement_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Agreement"),
        field_name="commitment__agreement",
        queryset=Agreement.objects.order_by("title"),
    )


def sort_by(*columns):
    """Sorting by a list's visible columns, each (field, value in the URL, label)."""
    return django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[(field, param) for field, param, _label in columns],
        field_labels={field: label for field, _param, label in columns},
    )


DASHES = django_filters.conf.settings.EMPTY_CHOICE_LABEL


class ListFilterSet(django_filters.FilterSet):
    """What every list's filters share: the free-text ``q`` over ``search_fields``, the
    styled form, a stable order, and choices limited to what the user may see (an officer
    is not shown the names of other units or of agreements their unit has no part in)."""

    search_fields: list[str] = []
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        fields = []
        form = StyledForm

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for list_filter in self.filters.values():
            # The empty choice says what it does, "Semua", never django-filter's "---------".
            if list_filter.extra.get("empty_label", DASHES) != DASHES:
                continue  # a list's own wording, such as "All years"
            if isinstance(list_filter, django_filters.OrderingFilter):
                list_filter.extra["empty_label"] = _("Default order")
            elif isinstance(list_filter, django_filters.ChoiceFilter):
                list_filter.extra["empty_label"] = _("All")
        if user is not None and not can(user, Right.SEE_ALL_UNITS):
            self.filters.pop("work_unit", None)
            if "agreement" in self.filters:
                self.filters["agreement"].queryset = agreements_visible_to(user).order_by("title")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.search_fields:
            match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match)

    def filter_queryset(self, queryset):
        # A tie-breaker, so that equal sort keys cannot repeat or skip rows across pages.
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")


class AgreementFilterSet(ListFilterSet):
    search_fields = [
        "title",
        "summary",
        "partner__name",
        "partner__native_name",
        "dprd_decision_number",
        "mou_number",
    ]
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
        widget=DATE_RANGE_WIDGET,
    )
    ordering = sort_by(
        ("title", "title", _("Title")),
        ("partner__name", "partner", _("Partner")),
        ("stage_order", "stage", _("Stage")),
        ("stage_since", "stage_since", _("Stage date")),
        ("valid_until", "valid_until", _("Valid until")),
    )

    class Meta(ListFilterSet.Meta):
        model = Agreement

    def taking_part(self, queryset, name, value):
        return queryset.filter(pk__in=agreements_taking_part(value).values("pk"))


class TodayFilterSet(ListFilterSet):
    """A FilterSet whose rules (overdue, late) are evaluated as of ``today`` in WITA."""

    def __init__(self, *args, today: date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)


class TaskFilterSet(TodayFilterSet):
    search_fields = ["title", "description", "commitment__title", "commitment__agreement__title"]
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=YES_NO, method="only_overdue")
    work_unit = django_filters.ModelChoiceFilter(
        label=_("Responsible work unit"),
        field_name="responsible_unit",
        queryset=WorkUnit.objects.order_by("name"),
    )
    sector = commitment_sector_filter()
    agreement = commitment_agreement_filter()
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        field_name="commitment__agreement__partner",
        queryset=Partner.objects.order_by("name"),
    )
    due_date = django_filters.DateFromToRangeFilter(
        label=_("Due between (from – to)"), widget=DATE_RANGE_WIDGET
    )
    ordering = sort_by(
        ("title", "title", _("Follow-up task")),
        ("responsible_unit__name", "work_unit", _("Responsible work unit")),
        ("due_date", "due_date", _("Due date")),
        ("status", "status", _("Status")),
    )

    class Meta(ListFilterSet.Meta):
        model = FollowUpTask

    def only_overdue(self, queryset, name, value):
        rule = health.overdue_tasks_q(self.today)
        return queryset.filter(rule) if value == "true" else queryset.exclude(rule)


class LetterFilterSet(TodayFilterSet):
    search_fields = ["letter_number", "subject", "message", "answer_text"]
    work_unit = django_filters.ModelChoiceFilter(
        label=_("Addressed to"), queryset=WorkUnit.objects.order_by("name")
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"), queryset=Agreement.objects.order_by("title")
    )
    answered = django_filters.ChoiceFilter(
        label=_("Answered"), choices=YES_NO, method="only_answered"
    )
    late = django_filters.ChoiceFilter(
        label=_("Late, without an answer"), choices=YES_NO, method="only_late"
    )
    ordering = sort_by(
        ("subject", "subject", _("Letter")),
        ("work_unit__name", "work_unit", _("Addressed to")),
        ("answer_due", "answer_due", _("Answer due")),
        ("answered_at", "answered_at", _("Answer")),
    )

    class Meta(ListFilterSet.Meta):
        model = CoordinationRequest

    def only_answered(self, queryset, name, value):
        rule = health.unanswered_letters_q()
        return queryset.exclude(rule) if value == "true" else queryset.filter(rule)

    def only_late(self, queryset, name, value):
        rule = health.late_letters_q(self.today)
        return queryset.filter(rule) if value == "true" else queryset.exclude(rule)


def budget_years():
    years = set(BudgetLine.objects.values_list("fiscal_year", flat=True))
    years.add(timezone.localdate().year)  # the list's default, even before its first line
    return [(year, year) for year in sorted(years, reverse=True)]


class BudgetFilterSet(ListFilterSet):
    search_fields = ["commitment__title", "commitment__agreement__title", "task__title"]
    # Defaults to the current year (views/budget.py); the empty choice is every year.
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), choices=budget_years, empty_label=_("All years")
    )
    work_unit = django_filters.ModelChoiceFilter(
        label=_("Work unit"), queryset=WorkUnit.objects.order_by("name")
    )
    sector = commitment_sector_filter()
    agreement = commitment_agreement_filter()
    ordering = sort_by(
        ("fiscal_year", "fiscal_year", _("Year")),
        ("work_unit__name", "work_unit", _("Work unit")),
        ("commitment__title", "commitment", _("Commitment")),
        ("amount_requested", "requested", _("Requested")),
        ("amount_allocated", "allocated", _("Allocated (DPA)")),
        ("amount_spent", "spent", _("Spent")),
    )

    class Meta(ListFilterSet.Meta):
        model = BudgetLine


class PartnerFilterSet(ListFilterSet):
    search_fields = ["name", "native_name", "country"]
    ordering = sort_by(
        ("name", "name", _("Partner")),
        ("country", "country", _("Country")),
        ("level", "level", _("Level")),
        ("agreement_count", "agreements", _("Agreements")),
    )

    class Meta(ListFilterSet.Meta):
        model = Partner


class WorkUnitFilterSet(ListFilterSet):
    search_fields = ["name", "abbreviation"]
    ordering = sort_by(
        ("name", "name", _("Work unit")),
        ("abbreviation", "abbreviation", _("Abbreviation")),
    )

    class Meta(ListFilterSet.Meta):
        model = WorkUnit
