"""Shared fixtures: one person per role, as in healthchecks' alice/bob/charlie.

- ``biro``: Bureau staff, may do everything about agreements;
- ``officer``: SKPD officer of ``unit``, which takes part in ``agreement``;
- ``stranger``: SKPD officer of ``other_unit``, which takes part in nothing;
- ``leader``: Leadership, reads everything;
- ``administrator``: IT administrator, reads like Leadership and uses /admin/.
"""

import os
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from agreements.models import Role

# The URL × role matrix's world, for every test that iterates its rows (tests/access/matrix.py).
from .access.matrix import access_world  # noqa: F401
from .clock import NOW
from .factories import AgreementFactory, UserFactory, WorkUnitFactory


@pytest.fixture
def unit(db):
    return WorkUnitFactory(name="Dinas Pertanian dan Perkebunan", abbreviation="Distanbun")


@pytest.fixture
def other_unit(db):
    return WorkUnitFactory(name="Dinas Pariwisata", abbreviation="Dispar")


@pytest.fixture
def biro(db):
    return UserFactory(username="biro", role=Role.BIRO)


@pytest.fixture
def officer(unit):
    return UserFactory(username="officer", role=Role.SKPD, work_unit=unit)


@pytest.fixture
def stranger(other_unit):
    return UserFactory(username="stranger", role=Role.SKPD, work_unit=other_unit)


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", role=Role.LEADERSHIP)


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="administrator", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


@pytest.fixture
def agreement(biro, unit):
    return AgreementFactory(actor=biro, coordinating_unit=unit, title="Sister Province Uji")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def axes_off(settings):
    """django-axes counts and locks logins only in its own tests (tests/accounts), which
    turn it on; elsewhere a test's logins must not depend on the ones before it."""
    settings.AXES_ENABLED = False


@pytest.fixture
def users(biro, officer, stranger, leader, administrator):
    """Every role by the name the URL × role tables use; None is anonymous."""
    return {
        "anonymous": None,
        "biro": biro,
        "officer": officer,
        "stranger": stranger,
        "leader": leader,
        "administrator": administrator,
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and snapshots go to a fresh temporary directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """A cheap hasher, so that tests creating many people stay quick (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    """The documented health thresholds, whatever HEALTH_* variables the shell has."""
    settings.HEALTH = {}


@pytest.fixture
def clock():
    """Time frozen at ``NOW`` (tests/clock.py); a test may move it with ``clock.move_to(...)``."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Packages whose every test runs at NOW: their dates are written relative to TODAY.
FROZEN_PACKAGES = {"followup", "dashboard", "reports"}
TESTS = Path(__file__).parent


@pytest.fixture(autouse=True)
def frozen_clock_for_package(request):
    if request.node.path.relative_to(TESTS).parts[0] in FROZEN_PACKAGES:
        request.getfixturevalue("clock")


# --- hypothesis (tests/access/test_fuzz.py) ----------------------------------------------
# CI (CI=true) runs the same examples every time, about 25 per form; a developer's run
# draws fewer, new ones each time. No example database: a failure prints its input.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=25,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "dev",
    max_examples=10,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")
