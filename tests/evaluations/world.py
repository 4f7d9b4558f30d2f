"""The evaluations' part of the URL × role matrix's world (tests/access/matrix.py): the
world's MoU (``mou``, signed 2 September 2024) has a completed 2025 evaluation, ready to be
signed off, and a 2026 draft; and the valid POSTs of the evaluation rows."""

from agreements.models import Evaluation
from agreements.services.evaluations import evaluation_complete, evaluation_create

EVALUATION_MODELS = [Evaluation]


def evaluations_world(*, mou, biro) -> tuple:
    evaluation = evaluation_create(
        agreement=mou, actor=biro, year=2025, recommendation="revise", achievements="Uji."
    )
    evaluation_complete(evaluation=evaluation, actor=biro)
    draft = evaluation_create(agreement=mou, actor=biro, year=2026, recommendation="continue")
    return evaluation, draft


def evaluation_create_post(w):
    return {
        "year": "2024",
        "achievements": "Pelatihan terlaksana.",
        "obstacle_no_budget": "on",
        "partner_engagement": "active",
        "recommendation": "continue",
    }


def evaluation_edit_post(w):
    return {
        "version": w.draft_evaluation.version,
        "achievements": "Diubah.",
        "partner_engagement": "moderate",
        "recommendation": "revise",
    }
