"""A progress form posted twice (a double click, a reload) saves one update: the key made
when the form was shown is recognised, before the task's version is looked at."""

import os
import threading
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import Document, FollowUpTask, ProgressUpdate, Role, WorkUnit
from agreements.services import followup
from agreements.services.followup import FollowUpError, progress_post, task_create
from agreements.services.versioning import ConcurrentEditError

from ..clock import TODAY, days
from ..factories import AgreementFactory, UserFactory, pdf_upload
from .conftest import CommitmentFactory, client_as


def shown_form(client, task) -> dict:
    """Open the task page as a person would, and fill in its progress form."""
    form = client.get(reverse("agreements:task_detail", args=[task.pk])).context["progress_form"]
    return {
        "version": form["version"].value(),
        "idempotency_key": form["idempotency_key"].value(),
        "date": TODAY.isoformat(),
        "text": "Lahan uji coba disiapkan.",
        "percent_complete": 40,
        "status_change": "in_progress",
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_it_gives_each_form_shown_its_own_key(officer, task):
    client = client_as(officer)
    page = client.get(reverse("agreements:task_detail", args=[task.pk]))
    key = page.context["progress_form"]["idempotency_key"].value()

    again = shown_form(client, task)["idempotency_key"]

    assert f'name="idempotency_key" value="{key}"' in page.content.decode()
    assert uuid.UUID(str(key)) != uuid.UUID(str(again))


def test_it_saves_a_progress_form_posted_twice_once(media_root, officer, task):
    client = client_as(officer, language="en")
    data = shown_form(client, task)
    path = reverse("agreements:task_progress", args=[task.pk])

    first = client.post(path, {**data, "evidence": pdf_upload("laporan.pdf")})
    second = client.post(path, {**data, "evidence": pdf_upload("laporan.pdf")}, follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    # No "changed meanwhile": the repeat carries the version the first post moved on.
    assert messages_of(second) == [
        "The progress update was saved.",
        "The progress update was saved.",
    ]
    update = ProgressUpdate.objects.get()
    assert str(update.idempotency_key) == str(data["idempotency_key"])
    assert Document.objects.filter(progress_update=update).count() == 1
    assert Document.objects.count() == 1
    task.refresh_from_db()
    assert (task.status, task.version) == ("in_progress", 2)
    assert task.history.count() == 2


def test_it_saves_a_second_form_as_a_second_update(officer, task):
    client = client_as(officer)
    path = reverse("agreements:task_progress", args=[task.pk])
    client.post(path, shown_form(client, task))

    response = client.post(path, {**shown_form(client, task), "status_change": ""})

    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_it_still_saves_a_post_without_a_key(officer, task):
    client = client_as(officer)
    path = reverse("agreements:task_progress", args=[task.pk])
    data = {**shown_form(client, task), "idempotency_key": "", "status_change": ""}

    client.post(path, data)
    client.post(path, data)

    assert ProgressUpdate.objects.count() == 2
    assert not ProgressUpdate.objects.exclude(idempotency_key=None).exists()


def test_it_recognises_a_repeat_whose_key_was_saved_after_its_check(officer, task):
    """The first post commits between the repeat's key check and its insert."""
    key = uuid.uuid4()

    def post():
        return progress_post(
            task=FollowUpTask.objects.get(pk=task.pk),
            actor=officer,
            expected_version=1,
            date=TODAY,
            text="Kemajuan.",
            percent_complete=10,
            idempotency_key=key,
        )

    saved = post()
    checked = followup.progress_saved_before(task=task, idempotency_key=key)
    with mock.patch.object(followup, "progress_saved_before", side_effect=[None, checked]):
        repeat = post()

    assert repeat == saved
    assert ProgressUpdate.objects.count() == 1


def test_it_refuses_a_key_saved_on_another_task(officer, biro, task, commitment, unit):
    key = uuid.uuid4()
    progress_post(
        task=task,
        actor=officer,
        expected_version=1,
        date=TODAY,
        text="Kemajuan.",
        percent_complete=10,
        idempotency_key=key,
    )
    other = task_create(
        commitment=commitment, actor=biro, responsible_unit=unit, title="Lain", due_date=days(3)
    )

    with pytest.raises(FollowUpError):
        progress_post(
            task=other,
            actor=officer,
            expected_version=1,
            date=TODAY,
            text="Kemajuan.",
            percent_complete=10,
            idempotency_key=key,
        )

    assert ProgressUpdate.objects.filter(task=other).count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("REQUIRE_POSTGRES"),
    reason="needs real concurrent transactions (PostgreSQL); SQLite serialises writers",
)
@pytest.mark.parametrize("status_change", ["", "in_progress"])
def test_it_saves_one_update_of_a_form_posted_twice_at_the_same_moment(status_change):
    biro = UserFactory(username="biro-a", role=Role.BIRO)
    unit = WorkUnit.objects.create(name="Dinas Uji Serentak", abbreviation="DUS")
    officer = UserFactory(username="skpd-a", role=Role.SKPD, work_unit=unit)
    agreement = AgreementFactory(actor=biro, coordinating_unit=unit)
    commitment = CommitmentFactory(agreement=agreement, actor=biro, lead_unit=unit)
    task = task_create(
        commitment=commitment, actor=biro, responsible_unit=unit, title="Awal", due_date=days(5)
    )
    data = {**shown_form(client_as(officer), task), "status_change": status_change}
    barrier = threading.Barrier(2)
    responses = []

    def post():
        client = Client()
        client.force_login(officer)
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(reverse("agreements:task_progress", args=[task.pk]), data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [r.status_code for r in responses] == [302, 302]
    assert ProgressUpdate.objects.filter(task=task).count() == 1
    task.refresh_from_db()
    assert task.version == (2 if status_change else 1)


def test_it_still_refuses_a_stale_version_without_a_key(officer, biro, task):
    progress_post(
        task=task,
        actor=officer,
        expected_version=1,
        date=TODAY,
        text="a",
        percent_complete=1,
        status_change="in_progress",
    )

    with pytest.raises(ConcurrentEditError):
        progress_post(
            task=task,
            actor=biro,
            expected_version=1,
            date=TODAY,
            text="b",
            percent_complete=2,
            status_change="blocked",
        )

    assert ProgressUpdate.objects.count() == 1
