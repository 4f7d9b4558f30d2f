"""The bell, the notifications page, the profile's choices, the header and the
WhatsApp links."""

from urllib.parse import unquote

import pytest

from agreements.models import Notification, NotificationEvent

from ..followup.conftest import RequestFactory, TaskFactory, client_as


@pytest.fixture
def told(officer, task):  # the officer first: the task is then assigned to them
    return Notification.objects.get(recipient=officer, task=task)


def test_the_bell_counts_the_unread(told, officer):
    page = client_as(officer).get("/tasks/").content.decode()

    assert 'data-testid="unread-count">1<' in page


def test_the_page_lists_newest_first_in_the_readers_language(officer, agreement, task, biro, unit):
    RequestFactory(agreement=agreement, actor=biro, work_unit=unit, subject="Data jagung")

    page = client_as(officer, language="en").get("/notifications/").content.decode()

    letter_line = page.index("Coordination request")
    task_line = page.index(f"New task for your unit: {task.title}")
    assert letter_line < task_line


def test_opening_one_marks_it_read_and_goes_to_its_item(told, officer, task):
    client = client_as(officer)

    response = client.post("/notifications/", {"open": told.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/tasks/{task.pk}/"
    told.refresh_from_db()
    assert told.read_at is not None
    assert 'data-testid="unread-count"' not in client.get("/tasks/").content.decode()


def test_nobody_opens_anothers_notification(told, stranger):
    response = client_as(stranger).post("/notifications/", {"open": told.pk})

    assert response.status_code == 404
    told.refresh_from_db()
    assert told.read_at is None


@pytest.mark.parametrize("value", ["https://evil.example/", "//evil.example", "", "1 OR 1"])
def test_a_forged_open_is_refused(told, officer, value):
    response = client_as(officer).post("/notifications/", {"open": value})

    assert response.status_code == 404


def test_mark_all_read(told, officer):
    response = client_as(officer).post("/notifications/", {"all": "1"})

    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()


def test_the_page_is_paginated(commitment, biro, unit, officer):
    for _ in range(30):
        TaskFactory(commitment=commitment, actor=biro, responsible_unit=unit)

    first = client_as(officer).get("/notifications/").content.decode()
    second = client_as(officer).get("/notifications/?page=2").content.decode()

    assert first.count('name="open"') == 25
    assert second.count('name="open"') == 5


def test_the_profile_chooses_the_events_by_mail_and_saves_the_phone(officer):
    response = client_as(officer).post(
        "/account/",
        {
            "first_name": officer.first_name,
            "email": officer.email,
            "phone": "0812 3456 7890",
            "mail_events": [NotificationEvent.TASK_ASSIGNED, NotificationEvent.LETTER_RECEIVED],
        },
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.phone == "0812 3456 7890"
    assert NotificationEvent.TASK_ASSIGNED not in officer.muted_mail_events
    assert NotificationEvent.TASK_LATE in officer.muted_mail_events


def test_the_profile_offers_only_the_events_of_the_users_role(officer, biro):
    officer_form = client_as(officer).get("/account/").context["form"]
    biro_form = client_as(biro).get("/account/").context["form"]

    offered = {value for value, _label in officer_form.fields["mail_events"].choices}
    assert offered == {
        NotificationEvent.TASK_ASSIGNED,
        NotificationEvent.LETTER_RECEIVED,
        NotificationEvent.TASK_LATE,
        NotificationEvent.LETTER_LATE,
    }
    offered = {value for value, _label in biro_form.fields["mail_events"].choices}
    assert offered == {NotificationEvent.LETTER_ANSWERED, NotificationEvent.TASK_PROGRESS}


def test_saving_the_profile_keeps_a_choice_made_under_another_role(officer):
    officer.muted_mail_events = [NotificationEvent.TASK_PROGRESS]  # chosen as Bureau staff
    officer.save()

    client_as(officer).post(
        "/account/",
        {"first_name": "Petugas", "email": officer.email, "mail_events": []},
    )

    officer.refresh_from_db()
    assert NotificationEvent.TASK_PROGRESS in officer.muted_mail_events
    assert NotificationEvent.TASK_ASSIGNED in officer.muted_mail_events


def test_the_profile_refuses_a_phone_that_is_not_one(officer):
    response = client_as(officer).post(
        "/account/", {"first_name": "X", "email": officer.email, "phone": "call me"}
    )

    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.phone == ""


def test_the_profile_shows_the_calendar_address_with_copy_and_webcal(officer):
    client = client_as(officer)
    client.post("/calendar/new/")
    officer.refresh_from_db()

    page = client.get("/account/").content.decode()

    assert f"/calendar/{officer.calendar_token}.ics" in page
    assert f'href="webcal://testserver/calendar/{officer.calendar_token}.ics"' in page
    assert 'data-copy="profile-feed-url"' in page
    assert "js/copy.js" in page


def test_the_header_shows_the_name_and_the_unit(officer):
    page = client_as(officer).get("/tasks/").content.decode()

    assert officer.get_full_name() in page
    assert ">Distanbun</span>" in page


def test_the_task_page_shares_to_whatsapp(task, officer):
    page = client_as(officer, language="en").get(f"/tasks/{task.pk}/").content.decode()

    start = page.index("https://wa.me/?text=")
    link = page[start : page.index('"', start)]
    text = unquote(link.removeprefix("https://wa.me/?text="))
    assert text == f"{task.title}\nTenggat: 7 Desember 2026\nhttp://testserver/tasks/{task.pk}/"
    tag = page[page.rindex("<a", 0, start) : page.index("</a>", start)]
    assert 'target="_blank"' in tag
    assert 'rel="noopener"' in tag
    assert "opens in a new tab" in tag


def test_the_letter_page_shares_to_whatsapp(agreement, biro, unit, officer):
    letter = RequestFactory(agreement=agreement, actor=biro, work_unit=unit, subject="Data")

    page = client_as(officer).get(f"/coordination/{letter.pk}/").content.decode()

    assert "https://wa.me/?text=Data%0ATenggat%20jawaban%3A%204%20Desember%202026%0A" in page


def test_the_profile_makes_the_calendar_address_and_comes_back(officer):
    client = client_as(officer)
    assert 'data-testid="make-feed-url"' in client.get("/account/").content.decode()

    response = client.post("/calendar/new/", {"back": "account"})

    assert response.status_code == 302 and response["Location"] == "/account/"
    officer.refresh_from_db()
    assert officer.calendar_token
    page = client.get("/account/").content.decode()
    assert f"/calendar/{officer.calendar_token}.ics" in page
    assert "webcal://" in page


def test_making_the_calendar_address_elsewhere_stays_on_the_calendar_page(officer):
    response = client_as(officer).post("/calendar/new/", {"back": "https://example.org/"})

    assert response["Location"] == "/calendar/"
