"""The iCalendar feed: the due dates and answer dates a user is responsible for."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from .. import access, health


def _all_day(event: Event, day: date) -> None:
    """An all-day event on ``day``. Its end is the next day; on the last day a date can
    hold (a typo such as 9999-12-31, stored before dates were checked) there is none,
    and RFC 5545 then makes the event last that one day."""
    event.add("dtstart", day)
    if day < date.max:
        event.add("dtend", day + timedelta(days=1))


def calendar_for_user(user) -> bytes:
    """All-day events for open tasks' due dates and unanswered requests' answer dates.

    An SKPD officer gets their unit's items; Bureau staff and Leadership get all.
    """
    with override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Kerja Sama NTB//kerjasama-ntb//ID")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", "Kerja Sama NTB")
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        stamp = timezone.now()
        tasks = (
            access.tasks_visible_to(user)
            .filter(health.open_q())
            .select_related("commitment__agreement", "responsible_unit")
        )
        for task in tasks:
            event = Event()
            event.add("uid", f"task-{task.pk}@kerjasama-ntb")
            event.add("dtstamp", stamp)
            _all_day(event, task.due_date)
            event.add("summary", _("Due: %(task)s") % {"task": task.title})
            event.add(
                "description",
                f"{task.commitment.agreement.title}\n{task.responsible_unit.name}",
            )
            calendar.add_component(event)
        letters = (
            access.letters_visible_to(user)
            .filter(health.unanswered_letters_q())
            .select_related("agreement", "work_unit")
        )
        for item in letters:
            event = Event()
            event.add("uid", f"request-{item.pk}@kerjasama-ntb")
            event.add("dtstamp", stamp)
            _all_day(event, item.answer_due)
            event.add(
                "summary",
                _("Answer due: %(subject)s (%(number)s)")
                % {"subject": item.subject, "number": item.letter_number},
            )
            event.add("description", f"{item.agreement.title}\n{item.work_unit.name}")
            calendar.add_component(event)
    return calendar.to_ical()
