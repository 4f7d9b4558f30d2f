"""Reports as files: built from the report builders, rendered by WeasyPrint, and the
monthly portfolio snapshots kept in the archive."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ReportSnapshot, Role
from ..reports import builders
from ..reports.render import RenderedReport, render_pdf


@dataclass(frozen=True)
class PortfolioReader:
    """Who the monthly job reads as: everything, like Leadership."""

    role: str = Role.LEADERSHIP
    reads_everything: bool = True
    is_skpd: bool = False
    work_unit_id: None = None


def report_context(*, user, kind: str, filters, agreement=None, work_unit=None) -> dict:
    if kind == "agreement":
        return builders.agreement_context(user=user, agreement=agreement, filters=filters)
    if kind == "work_unit":
        return builders.work_unit_context(user=user, unit=work_unit, filters=filters)
    return builders.portfolio_context(user=user, filters=filters)


def report_filename(context: dict) -> str:
    names = {"portfolio": "laporan-status-kerja-sama", "agreement": "laporan-kerja-sama"}
    name = names.get(context["kind"], "laporan-perangkat-daerah")
    return f"{name}-{context['today']:%Y-%m-%d}.pdf"


class SnapshotExists(Exception):
    """A snapshot of that month is already archived; replacing it must be asked for."""

    def __init__(self, snapshot):
        super().__init__(f"A snapshot of {snapshot.month:%Y-%m} exists.")
        self.snapshot = snapshot


def month_period(month: date, today: date) -> tuple[date, date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, min(last, today)


def snapshot_save(
    *, month: date, actor=None, replace: bool = False, today: date | None = None
) -> tuple[ReportSnapshot, bool]:
    """Archive the portfolio report of ``month`` as of its last day (or today).

    Returns the snapshot and whether it replaced an earlier one. One per month: the
    unique constraint holds even if two saves race; the loser gets SnapshotExists.
    """
    today = today or timezone.localdate()
    start, end = month_period(month, today)
    existing = ReportSnapshot.objects.filter(month=start).first()
    if existing and not replace:
        raise SnapshotExists(existing)  # before rendering: skipping costs nothing
    context = builders.portfolio_context(
        user=PortfolioReader(), filters=builders.ReportFilters(start=start, end=end)
    )
    rendered: RenderedReport = render_pdf(context)
    name = f"laporan-status-kerja-sama-{start:%Y-%m}.pdf"
    try:
        with transaction.atomic():
            existing = ReportSnapshot.objects.select_for_update().filter(month=start).first()
            if existing and not replace:
                raise SnapshotExists(existing)
            snapshot = existing or ReportSnapshot(month=start)
            old_file = existing.file.name if existing else None
            snapshot.as_of = end
            snapshot.pages = rendered.pages
            snapshot.size = len(rendered.pdf)
            snapshot.created_by = actor
            snapshot.file.save(name, ContentFile(rendered.pdf), save=False)
            snapshot.save()
    except IntegrityError:  # another save of the same month won the race
        raise SnapshotExists(ReportSnapshot.objects.get(month=start)) from None
    if old_file and old_file != snapshot.file.name:
        snapshot.file.storage.delete(old_file)
    return snapshot, existing is not None
