"""A date no form accepts may still be stored (by an import, the admin, an old row): the
calendar feed and the pages that show the item survive it, for everyone who sees it."""

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from agreements.models import CoordinationRequest, FollowUpTask
from agreements.services.calendar import calendar_token_reset

from .conftest import client_as

EXTREMES = [date.max, date.min]


def store(task, request, day):
    # Straight into the database, past every form, as an old row or an import would.
    FollowUpTask.objects.filter(pk=task.pk).update(due_date=day)
    CoordinationRequest.objects.filter(pk=request.pk).update(sent_on=day, answer_due=day)


@pytest.mark.parametrize("day", EXTREMES, ids=str)
def test_it_serves_a_valid_calendar_with_an_item_on_the_last_or_first_possible_day(
    officer, task, request_for_unit, day
):
    store(task, request_for_unit, day)
    calendar_token_reset(user=officer)

    response = client_as(None).get(
        reverse("agreements:calendar_feed", args=[officer.calendar_token])
    )

    assert response.status_code == 200
    feed = {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    task_event = feed[f"task-{task.pk}@kerjasama-ntb"]
    request_event = feed[f"request-{request_for_unit.pk}@kerjasama-ntb"]
    assert task_event.decoded("DTSTART") == day
    assert request_event.decoded("DTSTART") == day
    if day == date.max:
        # No end past the last day a date can hold: RFC 5545 makes it a one-day event.
        assert "DTEND" not in task_event
    else:
        assert task_event.decoded("DTEND") == date(1, 1, 2)


@pytest.mark.parametrize("day", EXTREMES, ids=str)
@pytest.mark.parametrize("role", ["officer", "biro", "leader"])
def test_it_shows_the_pages_of_an_item_with_an_extreme_stored_date(
    request, task, request_for_unit, agreement, role, day
):
    store(task, request_for_unit, day)
    client = client_as(request.getfixturevalue(role))
    pages = [
        reverse("agreements:task_list"),
        reverse("agreements:task_list") + "?export=csv",
        reverse("agreements:task_list") + "?export=xlsx",
        reverse("agreements:task_detail", args=[task.pk]),
        reverse("agreements:letter_list"),
        reverse("agreements:letter_list") + "?export=xlsx",
        reverse("agreements:letter_detail", args=[request_for_unit.pk]),
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("agreements:dashboard"),
    ]

    statuses = {page: client.get(page).status_code for page in pages}

    assert statuses == dict.fromkeys(pages, 200)
    assert FollowUpTask.objects.get(pk=task.pk).due_date == day
