"""Reads of the reference lists: partners and work units."""

from django.db.models import Count, Q, QuerySet

from .. import access
from ..models import Partner, WorkUnit


def partner_list(*, user) -> QuerySet[Partner]:
    """Every partner, each counting only the agreements the user may see."""
    visible = access.agreements_visible_to(user).values("pk")
    return Partner.objects.annotate(
        agreement_count=Count("agreements", filter=Q(agreements__in=visible))
    ).order_by("country", "name")


def work_unit_list() -> QuerySet[WorkUnit]:
    """Every work unit, the active ones first: the names are listed to everyone signed in;
    only the units of ``access.work_units_visible_to`` can be opened or downloaded."""
    return WorkUnit.objects.prefetch_related("sectors").order_by("-is_active", "name")
