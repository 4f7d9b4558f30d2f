"""The list page, written once: filter, download, paginate, render (after NetBox's
``ObjectListView``). Each list view names its rows, filters, columns and template."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from ..exports import ExportTable
from ..filters import ListFilterSet

PAGE_SIZES = (25, 50, 100)
EXPORT_KINDS = {"csv", "xlsx"}


def page_size(request, default: int) -> int:
    """The ``per_page`` asked for if it is one of the offered sizes, else the list's own."""
    asked = request.GET.get("per_page", "")
    return int(asked) if asked in {str(size) for size in PAGE_SIZES} else default


def list_page(
    request,
    *,
    queryset: QuerySet,
    filterset: type[ListFilterSet],
    export: ExportTable,
    template: str,
    per_page: int = 25,
    context: dict | Callable[[QuerySet], dict] | None = None,
    context_object_name: str | None = None,
    export_queryset: QuerySet | None = None,
    **filter_options,
) -> HttpResponse:
    """One list page, or its ``?export=csv|xlsx`` download, with the filters applied.

    ``queryset`` is already scoped to the user; ``export_queryset`` narrows a download
    further where a list names more rows than the user may download. ``context`` may be a
    function of the filtered rows (totals), called for the page only. ``filter_options``
    go to the FilterSet (e.g. ``today``).
    """

    def filtered(rows):
        return filterset(request.GET or None, queryset=rows, user=request.user, **filter_options)

    kind = request.GET.get("export")
    if kind in EXPORT_KINDS:
        rows = queryset if export_queryset is None else export_queryset
        return export.response(filtered(rows).qs, kind=kind)
    filters = filtered(queryset)
    size = page_size(request, per_page)
    page = Paginator(filters.qs, size).get_page(request.GET.get("page"))
    extra = context(filters.qs) if callable(context) else context or {}
    names = {context_object_name: page.object_list} if context_object_name else {}
    return render(
        request,
        template,
        {
            "filter": filters,
            "page": page,
            "page_sizes": PAGE_SIZES,
            "per_page": size,
            "query": request.GET.get("q", "").strip(),
            **names,
            **extra,
        },
    )
