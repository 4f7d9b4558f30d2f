"""PDF rendering with WeasyPrint. Reports are built here, never in views."""

import time
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation

STYLESHEET = "css/report-print.css"
TEMPLATES = {
    "portfolio": "reports/portfolio.html",
    "agreement": "reports/agreement.html",
    "work_unit": "reports/work_unit.html",
    "evaluation": "reports/evaluation.html",  # issue 12: agreements/reports/evaluation.py
    # The reports owed upward (agreements/reports/yearly.py).
    "yearly": "reports/yearly.html",
    "lkpj": "reports/lkpj.html",
}


@dataclass
class RenderedReport:
    pdf: bytes
    pages: int
    html_seconds: float
    pdf_seconds: float


def print_stylesheet() -> str:
    """The path of the reports' stylesheet. The HTML preview links the same static file,
    as the Content-Security-Policy allows no inline <style>."""
    path = finders.find(STYLESHEET)
    if path is None:
        raise ImproperlyConfigured(f"The report stylesheet static/{STYLESHEET} is missing")
    return path


def render_html(context: dict, *, for_pdf: bool = True) -> str:
    # Reports are official documents: always in Bahasa Indonesia.
    with translation.override("id"):
        return render_to_string(
            TEMPLATES[context["kind"]],
            {**context, "for_pdf": for_pdf, "generated": timezone.now()},
        )


def render_pdf(context: dict) -> RenderedReport:
    import weasyprint  # heavy: imported only when a PDF is made

    started = time.perf_counter()
    html = render_html(context)
    rendered = time.perf_counter()
    document = weasyprint.HTML(string=html).render(stylesheets=[print_stylesheet()])
    pdf = document.write_pdf()
    return RenderedReport(
        pdf=pdf,
        pages=len(document.pages),
        html_seconds=rendered - started,
        pdf_seconds=time.perf_counter() - rendered,
    )
