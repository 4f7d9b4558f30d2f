"""The demo's work plans: seeded through the services, they tell what Zhejiang brought
NTB in 2025 and what did not happen."""

from django.db import transaction

from agreements.models import Realisation, User, WorkPlan
from agreements.seeding.demo import seed_demo
from agreements.seeding.demo_monitoring import seed_monitoring
from agreements.selectors.monitoring import indicator_rows

from ..clock import TODAY


def test_it_seeds_the_zhejiang_plans_with_their_realisation(db):
    with transaction.atomic():
        seed_demo(today=TODAY)
        seed_monitoring(today=TODAY)
        seed_monitoring(today=TODAY)  # a second run adds nothing

    plans = WorkPlan.objects.filter(agreement__title="Sister Province NTB – Zhejiang")
    assert sorted((p.year, p.pks is not None) for p in plans) == [
        (2025, False),
        (2026, False),
        (2026, True),
    ]
    biro = User.objects.get(username="biro")
    rows = {
        (r.year, r.name): r
        for r in indicator_rows(user=biro, agreement=plans.first().agreement)
        if r.pks_id is None
    }
    tourists = rows[(2025, "Wisatawan Tiongkok ke NTB")]
    investment = rows[(2025, "Nilai investasi")]
    assert (tourists.target, tourists.realised, tourists.share) == (5000, 3200, 64)
    assert (investment.target, investment.realised) == (250_000_000_000, 85_000_000_000)
    assert rows[(2025, "Peserta pelatihan budidaya rumput laut")].share == 100
    assert rows[(2025, "Misi kesenian dikirim")].realised == 0
    assert (
        Realisation.objects.filter(
            recorded_by__username="skpd-pariwisata", indicator__name="Wisatawan Tiongkok ke NTB"
        ).count()
        == 3
    )
