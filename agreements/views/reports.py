"""Reports: choose, preview as HTML, download as PDF; the monthly snapshot archive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..access import Right
from ..forms.reports import ReportForm, ReportKind
from ..models import ReportSnapshot
from ..reports.builders import ReportFilters
from ..reports.render import render_html, render_pdf
from ..services.reports import SnapshotExists, report_context, report_filename, snapshot_save


def _index(request, form, status=200):
    can_archive = access.can(request.user, Right.SEE_ALL_UNITS)  # snapshots show every unit
    return render(
        request,
        "agreements/reports.html",
        {
            "form": form,
            "snapshots": ReportSnapshot.objects.select_related("created_by") if can_archive else [],
            "can_archive": can_archive,
            "can_save": access.can(request.user, Right.SAVE_SNAPSHOT),
            "this_month": timezone.localdate().replace(day=1),
        },
        status=status,
    )


def reports_index(request):
    return _index(request, ReportForm(user=request.user))


def _requested_report(request):
    """The context of the report asked for in the query string, or the form with errors."""
    form = ReportForm(request.GET, user=request.user)
    if not form.is_valid():
        # The chooser offers an officer only their own unit and agreements, so any other
        # fails as an invalid choice; it is still a report the role may not download: 403.
        outside = any(form.has_error(name, "invalid_choice") for name in ("work_unit", "agreement"))
        if outside and not access.can(request.user, Right.SEE_ALL_UNITS):
            raise PermissionDenied
        return None, form
    data = form.cleaned_data
    kind = data["report"]
    reported_unit = data.get("work_unit") if kind == ReportKind.WORK_UNIT else None
    access.require(request.user, Right.DOWNLOAD_REPORT, reported_unit)
    context = report_context(
        user=request.user,
        kind=kind,
        filters=ReportFilters(
            start=data["start"],
            end=data["end"],
            partner=data.get("partner"),
            sectors=list(data.get("sectors") or []),
        ),
        agreement=data.get("agreement"),
        work_unit=data.get("work_unit"),
    )
    return context, form


def report_preview(request):
    context, form = _requested_report(request)
    if context is None:
        return _index(request, form, status=400)
    return HttpResponse(render_html(context, for_pdf=False))


def report_download(request):
    context, form = _requested_report(request)
    if context is None:
        return _index(request, form, status=400)
    rendered = render_pdf(context)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(context)}"'
    return response


@require_POST
def snapshot_create(request):
    access.require(request.user, Right.SAVE_SNAPSHOT)
    month = timezone.localdate().replace(day=1)
    replace = request.POST.get("confirm") == "replace"
    try:
        replaced = snapshot_save(month=month, actor=request.user, replace=replace)[1]
    except SnapshotExists as exists:
        return render(request, "agreements/snapshot_confirm.html", {"snapshot": exists.snapshot})
    if replaced:
        messages.success(
            request,
            _("The snapshot of this month was replaced; the earlier one stays in the archive."),
        )
    else:
        messages.success(request, _("The snapshot of this month was saved."))
    return redirect("agreements:reports")


def snapshot_download(request, pk):
    if not access.can(request.user, Right.SEE_ALL_UNITS):
        raise Http404
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    try:
        handle = snapshot.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=snapshot.download_name,
        content_type="application/pdf",
    )
