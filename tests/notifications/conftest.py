"""Fixtures of the notification tests: the follow-up world (tests/followup/conftest.py),
time frozen at NOW, and mail sent by running the queued task at once (the immediate
backend) when a test runs the on-commit callbacks."""

import pytest

from ..followup.conftest import (  # noqa: F401  the follow-up world's fixtures
    commitment,
    other_agreement,
    other_commitment,
    other_task,
    sector,
    task,
)


@pytest.fixture(autouse=True)
def frozen(clock):
    return clock


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: the mails it queued are sent."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
