"""The private iCalendar feed: it parses, holds exactly the user's open items, and its
secret token can be revoked and replaced."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from agreements.models import CoordinationRequest, FollowUpTask, TaskStatus, User
from agreements.services.calendar import calendar_token_reset, calendar_token_revoke

from ..clock import days
from .conftest import RequestFactory, TaskFactory, answer, client_as, post_progress


def feed_url(user) -> str:
    return reverse("agreements:calendar_feed", args=[user.calendar_token])


def events(response) -> dict:
    """UID → VEVENT of a feed response."""
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def items(
    biro,
    officer,
    stranger,
    agreement,
    commitment,
    task,
    other_task,
    request_for_unit,
    other_agreement,
    other_unit,
    unit,
):
    started = TaskFactory(commitment=commitment, actor=biro, title="Pelatihan", due_date=days(-3))
    post_progress(started, actor=officer, status="in_progress")
    done = TaskFactory(commitment=commitment, actor=biro, title="Rencana aksi", due_date=days(2))
    post_progress(done, actor=officer, status="done", percent=100)
    cancelled = TaskFactory(
        commitment=commitment, actor=biro, title="Misi dagang", due_date=days(4)
    )
    post_progress(cancelled, actor=biro, status=TaskStatus.CANCELLED)
    answered = RequestFactory(actor=biro, agreement=agreement, work_unit=unit, answer_due=days(3))
    answer(answered, actor=officer)
    to_other = RequestFactory(
        actor=biro, agreement=other_agreement, work_unit=other_unit, answer_due=days(6)
    )
    return {
        "task": task,
        "started": started,
        "done": done,
        "cancelled": cancelled,
        "other_task": other_task,
        "request": request_for_unit,
        "answered": answered,
        "to_other": to_other,
    }


def uids(items, *names) -> set[str]:
    """The feed's UIDs of the named items."""
    kinds = {FollowUpTask: "task", CoordinationRequest: "request"}
    return {f"{kinds[type(items[n])]}-{items[n].pk}@kerjasama-ntb" for n in names}


def test_it_gives_an_officer_their_units_open_tasks_and_unanswered_requests(officer, items):
    calendar_token_reset(user=officer)

    response = client_as(None).get(feed_url(officer))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert set(events(response)) == uids(items, "task", "started", "request")


@pytest.mark.parametrize("role", ["biro", "leader", "administrator"])
def test_it_gives_readers_of_everything_every_open_item(request, items, role):
    user = request.getfixturevalue(role)
    calendar_token_reset(user=user)

    response = client_as(None).get(feed_url(user))

    assert response.status_code == 200
    assert set(events(response)) == uids(
        items, "task", "started", "other_task", "request", "to_other"
    )


def test_it_puts_each_item_on_its_due_date_as_an_all_day_event(officer, items):
    calendar_token_reset(user=officer)

    feed = events(client_as(None).get(feed_url(officer)))

    task, request = items["task"], items["request"]
    task_event = feed[f"task-{task.pk}@kerjasama-ntb"]
    request_event = feed[f"request-{request.pk}@kerjasama-ntb"]
    assert task_event.decoded("DTSTART") == task.due_date
    assert task_event.decoded("DTEND") == task.due_date + timedelta(days=1)
    assert task.title in str(task_event["SUMMARY"])
    assert request_event.decoded("DTSTART") == request.answer_due
    assert request.letter_number in str(request_event["SUMMARY"])
    assert request.subject in str(request_event["SUMMARY"])


def test_it_follows_an_officer_moved_to_another_unit(officer, other_unit, items):
    calendar_token_reset(user=officer)
    User.objects.filter(pk=officer.pk).update(work_unit=other_unit)

    response = client_as(None).get(feed_url(officer))

    assert response.status_code == 200
    assert set(events(response)) == uids(items, "other_task", "to_other")


def test_it_is_never_cached(officer, items):
    calendar_token_reset(user=officer)

    response = client_as(None).get(feed_url(officer))

    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- the token ----------------------------------------------------------------------------


def test_it_makes_an_address_on_request(officer):
    response = client_as(officer).post(reverse("agreements:calendar_reset"))

    officer.refresh_from_db()
    assert response.status_code == 302
    assert len(officer.calendar_token) >= 40
    page = client_as(officer).get(reverse("agreements:calendar"))
    assert f"http://testserver{feed_url(officer)}" in page.content.decode()


def test_it_stops_serving_a_revoked_address(officer, items):
    calendar_token_reset(user=officer)
    old = feed_url(officer)

    response = client_as(officer).post(reverse("agreements:calendar_revoke"))

    officer.refresh_from_db()
    assert response.status_code == 302
    assert officer.calendar_token is None
    assert client_as(None).get(old).status_code == 404


def test_it_replaces_the_address_on_reset(officer, items):
    calendar_token_reset(user=officer)
    old = feed_url(officer)

    response = client_as(officer).post(reverse("agreements:calendar_reset"))

    officer.refresh_from_db()
    assert response.status_code == 302
    assert feed_url(officer) != old
    assert client_as(None).get(old).status_code == 404
    assert client_as(None).get(feed_url(officer)).status_code == 200


def test_it_answers_404_for_an_inactive_users_address(officer, items):
    calendar_token_reset(user=officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)

    response = client_as(None).get(feed_url(officer))

    assert response.status_code == 404


def test_it_revokes_only_the_users_own_address(officer, biro):
    calendar_token_reset(user=officer)
    calendar_token_reset(user=biro)
    biro_url = feed_url(biro)

    calendar_token_revoke(user=officer)

    assert client_as(None).get(biro_url).status_code == 200
    assert User.objects.get(pk=officer.pk).calendar_token is None


def test_it_shows_no_address_before_one_is_made(officer):
    response = client_as(officer, language="en").get(reverse("agreements:calendar"))

    assert response.status_code == 200
    assert response.context["feed_url"] is None
    assert "Make my calendar address" in response.content.decode()
