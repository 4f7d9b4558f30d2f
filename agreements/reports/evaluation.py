"""The annual evaluation as a PDF (A4, the reports' typesetting): the province heading,
the indicators of the year, the obstacles with the portal's figures, the partner's
engagement, the recommendation, and the sign-off block of Leadership."""

from datetime import date

from django.utils.text import slugify

from ..selectors.evaluations import evaluation_context
from .builders import PROVINCE
from .render import RenderedReport, render_pdf


def evaluation_report_context(*, evaluation, user, today: date) -> dict:
    context = evaluation_context(evaluation=evaluation, user=user, today=today)
    subject = evaluation.pks.title if evaluation.pks_id else evaluation.agreement.title
    context.update({"kind": "evaluation", "province": PROVINCE, "subject": subject})
    return context


def render_evaluation_pdf(*, evaluation, user, today: date) -> RenderedReport:
    return render_pdf(evaluation_report_context(evaluation=evaluation, user=user, today=today))


def evaluation_pdf_filename(evaluation) -> str:
    subject = evaluation.pks.title if evaluation.pks_id else evaluation.agreement.title
    return f"evaluasi-{evaluation.year}-{slugify(subject)[:60] or evaluation.pk}.pdf"
