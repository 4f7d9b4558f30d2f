"""The reports owed upward: the yearly report (PDF, XLSX), the LKPJ material (PDF), and
their archive, one current per year and kind."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..access import Right
from ..exports import XLSX_TYPE
from ..forms.reports_yearly import ArchiveForm, YearForm
from ..models import YearlyReport, YearlyReportKind
from ..reports import yearly
from ..services.reports_yearly import (
    YearlyReportError,
    YearlyReportExists,
    filename,
    yearly_build,
    yearly_report_save,
)


def _years(user) -> list[int]:
    today = timezone.localdate()
    years = set(yearly.years_with_data(user=user, today=today)) | {today.year - 1}
    return sorted(years, reverse=True)


def _index(request, form, years, *, status=200):
    if form.is_bound:
        year = form.cleaned_data["year"] if form.is_valid() else None  # no archive of a bad year
    else:
        year = form["year"].value()
    return render(
        request,
        "agreements/reports_yearly.html",
        {
            "form": form,
            "year": year,
            "archive": YearlyReport.objects.select_related("created_by", "replaced_by"),
            "can_archive": access.can(request.user, Right.ARCHIVE_YEARLY_REPORT),
            "kinds": YearlyReportKind.choices,
        },
        status=status,
    )


def _year_form(request, years) -> YearForm:
    if "year" in request.GET:
        return YearForm(request.GET, years=years)
    return YearForm(years=years, initial={"year": yearly.default_year(years)})


def yearly_index(request):
    access.require(request.user, Right.DOWNLOAD_REPORT)  # officers: 403, as for the portfolio
    years = _years(request.user)
    form = _year_form(request, years)
    if form.is_bound and not form.is_valid():
        return _index(request, form, years, status=400)
    return _index(request, form, years)


def _requested_year(request):
    """The year asked for, or the page with the error (400)."""
    access.require(request.user, Right.DOWNLOAD_REPORT)
    years = _years(request.user)
    form = YearForm(request.GET, years=years)
    if not form.is_valid():
        return None, _index(request, form, years, status=400)
    return form.cleaned_data["year"], None


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def yearly_pdf(request):
    year, refused = _requested_year(request)
    if refused:
        return refused
    files = yearly_build(user=request.user, kind=YearlyReportKind.REPORT, year=year, xlsx=False)
    return _attachment(files.pdf, filename(YearlyReportKind.REPORT, year, "pdf"), "application/pdf")


def yearly_xlsx(request):
    year, refused = _requested_year(request)
    if refused:
        return refused
    context = yearly.yearly_context(user=request.user, year=year)
    return _attachment(
        yearly.yearly_workbook(context), filename(YearlyReportKind.REPORT, year, "xlsx"), XLSX_TYPE
    )


def lkpj_pdf(request):
    year, refused = _requested_year(request)
    if refused:
        return refused
    files = yearly_build(user=request.user, kind=YearlyReportKind.LKPJ, year=year)
    return _attachment(files.pdf, filename(YearlyReportKind.LKPJ, year, "pdf"), "application/pdf")


@require_POST
def yearly_archive(request):
    access.require(request.user, Right.ARCHIVE_YEARLY_REPORT)
    years = _years(request.user)
    form = ArchiveForm(request.POST, years=years)
    if not form.is_valid():
        page = YearForm(years=years, initial={"year": yearly.default_year(years)})
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return _index(request, page, years, status=400)
    year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    replace = request.POST.get("confirm") == "replace"
    try:
        replaced = yearly_report_save(year=year, kind=kind, actor=request.user, replace=replace)[1]
    except YearlyReportExists as exists:
        return render(request, "agreements/reports_yearly_confirm.html", {"report": exists.report})
    except YearlyReportError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('agreements:reports_yearly')}?year={year}")
    label = YearlyReportKind(kind).label
    if replaced:
        messages.success(
            request,
            _("The %(report)s of %(year)s was replaced; the earlier one stays in the archive.")
            % {"report": label, "year": year},
        )
    else:
        messages.success(
            request, _("The %(report)s of %(year)s was archived.") % {"report": label, "year": year}
        )
    return redirect(f"{reverse('agreements:reports_yearly')}?year={year}")


def yearly_archived_download(request, pk, fmt):
    access.require(request.user, Right.DOWNLOAD_REPORT)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    report = get_object_or_404(YearlyReport, pk=pk)
    field = report.file if fmt == "pdf" else report.spreadsheet
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = filename(report.kind, report.year, fmt)
    if not report.is_current:
        # A replaced one is told apart by the day it stood at.
        stood = f"-{report.year}-per-{report.as_of:%Y-%m-%d}-{report.pk}."
        name = name.replace(f"-{report.year}.", stood)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/pdf" if fmt == "pdf" else XLSX_TYPE,
    )
