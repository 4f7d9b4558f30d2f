"""Reports as files: built from the report builders, rendered by WeasyPrint, and the
monthly portfolio snapshots kept in the archive."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..formatting import filename_date
from ..models import ReportSnapshot, Role
from ..reports import builders
from ..reports.render import RenderedReport, render_pdf
from .notifications import notify_snapshot_saved


@dataclass(frozen=True)
class PortfolioReader:
    """Who the monthly job reads as: everything, like Leadership."""

    role: str = Role.LEADERSHIP
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
    return f"{name}-{filename_date(context['today'])}.pdf"


class SnapshotExists(Exception):
    """A snapshot of that month is already archived; replacing it must be asked for."""

    def __init__(self, snapshot):
        super().__init__(f"A snapshot of {snapshot.month:%Y-%m} exists.")
        self.snapshot = snapshot


def month_period(month: date, today: date) -> tuple[date, date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, min(last, today)


def archive_as_current(*, record, current, replace: bool, exists, discard, on_saved=None):
    """Save ``record`` (its files already written) as the one current row of ``current``,
    and return the row it replaced, if any; shared by the monthly snapshots and the yearly
    reports.

    The current row is locked while it is replaced: marked replaced first (the
    conditional unique constraint allows one current row), then pointed at the new one,
    whose row and files it keeps. Without ``replace``, or when a concurrent save won the
    race, ``exists(current row)`` is raised and ``discard()`` removes the files written.
    """
    try:
        with transaction.atomic():
            existing = current.select_for_update().first()
            if existing and not replace:
                raise exists(existing)
            if existing:
                current.filter(pk=existing.pk).update(replaced_at=timezone.now())
            record.save()
            if existing:
                type(record).objects.filter(pk=existing.pk).update(replaced_by=record)
                existing.refresh_from_db()
            if on_saved is not None:
                on_saved(record)
    except IntegrityError:  # another save of the same period won the race
        discard()
        raise exists(current.get()) from None
    except exists:
        discard()
        raise
    return existing


def snapshot_save(
    *, month: date, actor=None, replace: bool = False, today: date | None = None
) -> tuple[ReportSnapshot, ReportSnapshot | None]:
    """Archive the portfolio report of ``month`` as of its last day (or today).

    Returns the new snapshot and the one it replaced, if any. A replaced snapshot is
    kept, row and file, marked with when and by which snapshot it was replaced.

    One current snapshot per month: the conditional unique constraint holds even if two
    saves race. The current row is locked while it is replaced; the loser of a race
    gets SnapshotExists, with the snapshot that won.
    """
    today = today or timezone.localdate()
    start, end = month_period(month, today)
    current = ReportSnapshot.objects.filter(month=start, replaced_at__isnull=True)
    existing = current.first()
    if existing and not replace:
        raise SnapshotExists(existing)  # before rendering: skipping costs nothing
    context = builders.portfolio_context(
        user=PortfolioReader(), filters=builders.ReportFilters(start=start, end=end)
    )
    rendered: RenderedReport = render_pdf(context)
    snapshot = ReportSnapshot(
        month=start, as_of=end, pages=rendered.pages, size=len(rendered.pdf), created_by=actor
    )
    # The file is written first (a unique name: the earlier file stays as it is) and
    # removed again if the row cannot be saved.
    snapshot.file.save(
        f"laporan-status-kerja-sama-{start:%Y-%m}.pdf", ContentFile(rendered.pdf), save=False
    )
    existing = archive_as_current(
        record=snapshot,
        current=current,
        replace=replace,
        exists=SnapshotExists,
        discard=lambda: snapshot.file.delete(save=False),
        on_saved=lambda saved: notify_snapshot_saved(snapshot=saved, actor=actor),
    )
    return snapshot, existing
