"""factory_boy factories. Agreements are created through the service, so each has
its opening history entry as in the portal."""

from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Partner, Role, Sector, Stage, StageAction, User, WorkUnit
from agreements.models.agreements import AgreementKind
from agreements.models.reference import PartnerLevel
from agreements.seeding.pdf import make_pdf
from agreements.services.agreements import agreement_create
from agreements.services.lifecycle import agreement_move_stage

PASSWORD = "test-pass-123"


def pdf_upload(name="evidence.pdf", text="Evidence"):
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Sektor {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    abbreviation = factory.Sequence(lambda n: f"DU{n}")
    email = factory.Sequence(lambda n: f"unit{n}@example.org")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner Province {n}")
    native_name = "浙江省"
    country = "Tiongkok"
    level = PartnerLevel.PROVINCE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.BIRO
    work_unit = None
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgreementFactory(factory.Factory):
    """Builds the keyword arguments and calls agreement_create."""

    class Meta:
        model = dict

    actor = factory.SubFactory(UserFactory, role=Role.BIRO)
    title = factory.Sequence(lambda n: f"Kerja sama uji {n}")
    partner = factory.SubFactory(PartnerFactory)
    kind = AgreementKind.SISTER_PROVINCE
    coordinating_unit = factory.SubFactory(WorkUnitFactory)
    first_contact_date = date(2024, 1, 10)
    summary = ""
    sectors = factory.LazyFunction(lambda: [SectorFactory(code="pertanian")])

    @classmethod
    def _create(cls, model_class, **kwargs):
        return agreement_create(**kwargs)


# Dates of the spine used by advance(): each after the factory's first contact (2024-01-10).
LOI_DATE = date(2024, 3, 1)
PLAN_DATE = date(2024, 4, 1)
DPRD_DATE = date(2024, 6, 3)
DPRD_DECISION_NUMBER = "12/KEP/DPRD/2024"
VERIFIED_DATE = date(2024, 7, 15)
FULL_POWERS_DATE = date(2024, 8, 15)
MOU_DATE = date(2024, 9, 2)
MOU_VALID_UNTIL = date(2029, 9, 1)

# The whole path in order, each stage with the step that reaches it; an agreement of a
# kind that skips a step (lifecycle.KIND_STEPS) skips it here too.
SPINE = [
    (Stage.EXPLORATION, None),
    (Stage.LOI, StageAction.LOI),
    (Stage.PLAN, StageAction.PLAN),
    (Stage.DPRD_APPROVAL, StageAction.DPRD_APPROVAL),
    (Stage.VERIFIED, StageAction.VERIFIED),
    (Stage.FULL_POWERS, StageAction.FULL_POWERS),
    (Stage.MOU, StageAction.MOU_SIGNED),
]


def step_evidence(action, valid_until=MOU_VALID_UNTIL) -> dict:
    """What advance() records for each step of the path."""
    return {
        StageAction.LOI: {"date": LOI_DATE, "document": pdf_upload("loi.pdf")},
        StageAction.PLAN: {"date": PLAN_DATE, "document": pdf_upload("plan.pdf")},
        StageAction.DPRD_APPROVAL: {"date": DPRD_DATE, "reference_number": DPRD_DECISION_NUMBER},
        StageAction.VERIFIED: {"date": VERIFIED_DATE, "reference_number": "100/2024/Kemendagri"},
        StageAction.FULL_POWERS: {"date": FULL_POWERS_DATE, "reference_number": "SK/2024/Kemlu"},
        StageAction.MOU_SIGNED: {
            "date": MOU_DATE,
            "valid_until": valid_until,
            "document": pdf_upload("mou.pdf"),
            "signatories": "Gubernur NTB\nGubernur mitra",
        },
    }[action]


def advance(agreement, *, actor, to, valid_until=MOU_VALID_UNTIL):
    """Move an agreement along its kind's path from its stage up to ``to`` (services)."""
    from agreements import lifecycle

    kind_path = lifecycle.path_stages(agreement.kind)
    wanted = [(s, a) for s, a in SPINE if s in kind_path]
    stages = [stage for stage, _ in wanted]
    for _stage, action in wanted[stages.index(agreement.stage) + 1 : stages.index(to) + 1]:
        agreement_move_stage(
            agreement=agreement, actor=actor, action=action, **step_evidence(action, valid_until)
        )
    return agreement
