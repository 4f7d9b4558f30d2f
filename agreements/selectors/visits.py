"""Reads of visits and delegations and of the counterpart directory, scoped to the user;
the visits list's filters. The warnings come from health.py, in the query for lists."""

from datetime import date

import django_filters
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import access, health
from ..filters import ListFilterSet, sort_by
from ..models import Agreement, Visit
from ..models.documents import DocumentKind
from ..models.visits import PermitDecision, VisitDirection, VisitParticipant


class PermitState:
    NOT_REQUESTED = "not_requested"
    LATE = "late"


PERMIT_STATES = [
    (PermitState.NOT_REQUESTED, _("Not yet requested")),
    (PermitDecision.PENDING, _("Awaiting decision")),
    (PermitDecision.GRANTED, _("Granted")),
    (PermitDecision.REFUSED, _("Refused")),
    (PermitState.LATE, _("Requested late")),
]


def visit_years():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, 2014, -1)]


class VisitFilterSet(ListFilterSet):
    search_fields = ["title", "purpose", "places", "permit_number", "participants__name"]
    direction = django_filters.ChoiceFilter(
        label=_("Kind of visit"), choices=VisitDirection.choices
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=visit_years, empty_label=_("All years"), method="filter_year"
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"), queryset=Agreement.objects.order_by("title")
    )
    permit = django_filters.ChoiceFilter(
        label=_("Official-travel permit"), choices=PERMIT_STATES, method="filter_permit"
    )
    ordering = sort_by(
        ("starts_on", "starts_on", _("Dates")),
        ("title", "title", _("Visit")),
        ("agreement__title", "agreement", _("Agreement")),
    )

    class Meta(ListFilterSet.Meta):
        model = Visit

    def search(self, queryset, name, value):
        # A participant's name joins a many-valued relation: one row per visit still.
        return super().search(queryset, name, value).distinct()

    def filter_year(self, queryset, name, value):
        return queryset.filter(starts_on__year=int(value))

    def filter_permit(self, queryset, name, value):
        outgoing = queryset.filter(direction=VisitDirection.OUTGOING)
        if value == PermitState.NOT_REQUESTED:
            return outgoing.filter(permit_submitted_on__isnull=True)
        if value == PermitState.LATE:
            return outgoing.filter(health.permit_requested_late_q(timezone.localdate()))
        if value == PermitDecision.PENDING:
            return outgoing.filter(permit_submitted_on__isnull=False).filter(
                Q(permit_decision=PermitDecision.PENDING) | Q(permit_decision="")
            )
        return outgoing.filter(permit_decision=value)


def participant_count():
    """The number of a visit's participants, as a subquery (no join that scoping or a
    search on names would multiply)."""
    return Coalesce(
        Subquery(
            VisitParticipant.objects.filter(visit=OuterRef("pk"))
            .order_by()
            .values("visit")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_warnings_q(queryset, today: date):
    """Annotate ``participant_count``, ``permit_late`` and ``too_large`` (health.py's
    rules), in the query."""
    return queryset.annotate(
        participant_count=participant_count(),
        permit_late=Case(
            When(health.permit_requested_late_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        too_large=Case(
            When(health.exploratory_mission_too_large_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def visit_list(*, user, today: date | None = None) -> QuerySet[Visit]:
    """The visits the user may see, latest first, flagged; one query whatever their number."""
    today = today or timezone.localdate()
    return with_warnings_q(
        access.visits_visible_to(user).select_related("agreement__partner"), today
    ).order_by("-starts_on", "-pk")


def agreement_visits(*, agreement, user, today: date | None = None) -> list[Visit]:
    """The visits of one agreement the user may see, flagged, for the agreement's page."""
    today = today or timezone.localdate()
    return list(
        with_warnings_q(
            access.visits_visible_to(user).filter(agreement=agreement).select_related("pks"),
            today,
        ).order_by("-starts_on", "-pk")
    )


def visit_warnings(visit: Visit, *, today: date, participants: int | None = None) -> list[str]:
    """The warnings on a visit (health.py's rules), in words, for its page and its form."""
    warnings = []
    if health.permit_requested_late(visit, today):
        days = health.threshold("PERMIT_LEAD_DAYS")
        if visit.permit_submitted_on is None:
            warnings.append(
                gettext(
                    "The official-travel permit has not been requested, and departure is "
                    "fewer than %(days)s days away: request it at once."
                )
                % {"days": days}
            )
        else:
            warnings.append(
                gettext(
                    "The official-travel permit was requested fewer than %(days)s days "
                    "before departure."
                )
                % {"days": days}
            )
    if health.exploratory_mission_too_large(visit, participants):
        warnings.append(
            gettext(
                "An exploratory mission (before the Letter of Intent) should have at most "
                "%(limit)s participants."
            )
            % {"limit": health.threshold("EXPLORATORY_MISSION_MAX_PEOPLE")}
        )
    return warnings


def visit_detail_context(*, visit: Visit, user, today: date) -> dict:
    """Everything the visit's page shows, each part scoped to the user."""
    participants = list(visit.participants.select_related("work_unit").order_by("pk"))
    documents = list(
        access.documents_visible_to(user)
        .filter(visit=visit)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )
    return {
        "visit": visit,
        "participants": participants,
        "warnings": visit_warnings(visit, today=today, participants=len(participants)),
        "exploratory": health.visit_is_exploratory(visit),
        "photos": [d for d in documents if d.kind == DocumentKind.PHOTO],
        "documents": [d for d in documents if d.kind != DocumentKind.PHOTO],
        "permit_deadline": health.permit_deadline(visit) if visit.is_mission_abroad else None,
    }


def visit_choices(*, agreement, user) -> dict:
    """The PKS, tasks and budget lines of the agreement a visit may be filed under."""
    return {
        "pks": access.pks_visible_to(user).filter(agreement=agreement).order_by("title"),
        "task": access.tasks_visible_to(user)
        .filter(commitment__agreement=agreement)
        .order_by("title"),
        "budget_line": access.budget_lines_visible_to(user)
        .filter(commitment__agreement=agreement)
        .select_related("work_unit", "commitment")
        .order_by("-fiscal_year", "pk"),
    }


# --- the counterpart directory ------------------------------------------------------------


def agreement_counterparts(*, agreement, user, today: date | None = None):
    """The agreement's counterpart entries the user may see, each with ``review_due``
    (its review date has passed)."""
    today = today or timezone.localdate()
    return (
        access.counterparts_visible_to(user)
        .filter(agreement=agreement)
        .annotate(
            review_due=Case(
                When(review_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("kind", "name", "pk")
    )
