"""Reads of uploaded documents, scoped to the user: the agreement page's documents tab."""

from django.db.models import QuerySet

from ..access import documents_visible_to
from ..models import Agreement, Document
from ..models.documents import DocumentKind


def agreement_documents(*, agreement: Agreement, user, kind: str = "") -> QuerySet[Document]:
    """Every file of the agreement and of everything under it (stage steps, contacts,
    tasks and their progress updates, letters and replies, PKS, visits) that the user may see,
    newest first; ``kind`` narrows it to one DocumentKind (an unknown one is ignored).

    The owners are joined in the same query, so the tab costs one query however many
    documents it lists.
    """
    documents = (
        documents_visible_to(user)
        .filter(agreement=agreement)
        .select_related(
            "uploaded_by",
            "stage_event",
            "contact",
            "task",
            "progress_update",
            "coordination_request",
            "pks",
            "visit",
        )
        .order_by("-uploaded_at", "-pk")
    )
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    return documents
