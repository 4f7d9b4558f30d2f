"""Reads of implementing agreements (PKS), scoped to the user; the PKS list's filters."""

from datetime import date

import django_filters
from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, health, lifecycle
from ..filters import ListFilterSet, sort_by
from ..models import Agreement, ImplementingAgreement, PksStage, WorkUnit
from ..models.pks import PksEvent
from .evaluations import pks_evaluations
from .followup import with_overdue_flag
from .monitoring import pks_work_plans


class PksFilterSet(ListFilterSet):
    search_fields = [
        "title",
        "number",
        "counterpart",
        "counterpart_native_name",
        "agreement__title",
        "authorisation_number",
    ]
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=PksStage.choices)
    work_unit = django_filters.ModelChoiceFilter(
        label=_("NTB work unit"), queryset=WorkUnit.objects.order_by("name")
    )
    agreement = django_filters.ModelChoiceFilter(
        label=_("MoU"), queryset=Agreement.objects.order_by("title")
    )
    ordering = sort_by(
        ("title", "title", _("PKS")),
        ("work_unit__name", "work_unit", _("NTB work unit")),
        ("stage", "stage", _("Stage")),
        ("valid_until", "valid_until", _("Valid until")),
    )

    class Meta(ListFilterSet.Meta):
        model = ImplementingAgreement


def with_flags_q(queryset, today: date):
    """Annotate ``ends_soon`` (health.pks_expiring_q) and ``outlives_mou``, in the query."""
    return queryset.annotate(
        ends_soon=Case(
            When(health.pks_expiring_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        outlives_mou=Case(
            When(health.pks_outlives_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def pks_list(*, user, today: date | None = None) -> QuerySet[ImplementingAgreement]:
    """The PKS the user may see, by MoU and title, flagged; one query whatever their number."""
    today = today or timezone.localdate()
    return with_flags_q(
        access.pks_visible_to(user).select_related("agreement__partner", "work_unit"), today
    ).order_by("agreement__title", "title", "pk")


def agreement_pks(*, agreement, user, today: date | None = None) -> list[ImplementingAgreement]:
    """The PKS of one agreement the user may see, flagged, for the agreement's page."""
    today = today or timezone.localdate()
    return list(
        with_flags_q(
            access.pks_visible_to(user)
            .filter(agreement=agreement)
            .select_related("work_unit", "agreement"),
            today,
        ).order_by("title", "pk")
    )


def with_flags(pks, today: date):
    """The PKS, with ``ends_soon`` and ``outlives_mou`` set for the templates."""
    pks.ends_soon = bool(pks.valid_until) and health.pks_is_expiring(pks, today)
    pks.outlives_mou = bool(pks.valid_until) and health.pks_outlives_mou(pks)
    return pks


def pks_detail_context(*, pks, user, today: date) -> dict:
    """Everything the PKS page shows, each part scoped to the user."""
    events = list(
        PksEvent.objects.filter(pks=pks).select_related("recorded_by", "corrects").order_by("pk")
    )
    state = lifecycle.history_state(events, table=lifecycle.PKS)
    tasks = with_overdue_flag(
        access.tasks_visible_to(user)
        .filter(pks=pks)
        .select_related("responsible_unit", "commitment"),
        today,
    ).order_by("-is_overdue", "-is_still_open", "due_date", "pk")
    return {
        "pks": with_flags(pks, today),
        "strip": lifecycle.pks_strip(pks),
        "events": [{"event": e, "undone": state.is_undone(e)} for e in reversed(events)],
        "commitments": pks.commitments.select_related("sector", "lead_unit").order_by("title"),
        "documents": access.documents_visible_to(user)
        .filter(pks=pks)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk"),
        "tasks": tasks,
        "budget_lines": access.budget_lines_visible_to(user)
        .filter(pks=pks)
        .select_related("work_unit", "commitment", "task")
        .order_by("-fiscal_year", "pk"),
        # The PKS's own work plans and evaluations (selectors/monitoring.py, evaluations.py).
        "work_plans": pks_work_plans(pks=pks, user=user),
        "evaluations": pks_evaluations(pks=pks, user=user),
    }


def pks_for_agreement_choices(*, agreement, user) -> QuerySet[ImplementingAgreement]:
    """The PKS a task or budget line of this agreement may be filed under, for the user."""
    return access.pks_visible_to(user).filter(agreement=agreement).order_by("title")
