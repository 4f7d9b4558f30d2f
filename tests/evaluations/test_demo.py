"""The demo's evaluations: the Zhejiang MoU's 2025 evaluation, completed with the three
causes and their figures and signed off by pimpinan; the tourism PKS's own."""

from django.db import transaction

from agreements.models import Evaluation
from agreements.seeding.demo import seed_demo
from agreements.seeding.demo_evaluations import seed_evaluations
from agreements.seeding.demo_monitoring import seed_monitoring

from ..clock import TODAY


def test_it_seeds_the_zhejiang_evaluation_signed_off(db):
    with transaction.atomic():
        seed_demo(today=TODAY)
        seed_monitoring(today=TODAY)
        seed_evaluations(today=TODAY)
        seed_evaluations(today=TODAY)  # a second run adds nothing

    mou = Evaluation.objects.get(agreement__title="Sister Province NTB – Zhejiang", pks=None)
    pks = Evaluation.objects.get(pks__title="PKS promosi pariwisata Lombok–Hangzhou")
    assert (mou.year, mou.recommendation, mou.status) == (2025, "revise", "signed_off")
    assert mou.obstacles == ["no_follow_up", "no_response", "no_budget"]
    # The portal's figures for each cause, as they stood when it was completed.
    assert (mou.overdue_tasks, mou.late_answers) == (2, 2)
    assert mou.unfunded_commitments > 0
    assert mou.completed_on.isoformat() == "2026-01-26"
    assert mou.signed_off_by.username == "pimpinan"
    assert mou.signed_off_name == "Sekretaris Daerah"
    assert "Pelatihan budidaya rumput laut" in mou.achievements
    assert (pks.year, pks.status, pks.recommendation) == (2026, "completed", "continue")
    assert Evaluation.objects.count() == 2
