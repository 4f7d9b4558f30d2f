"""Control characters never reach the portal: one middleware strips them from every input.

A NUL byte in a search box is a 500 on PostgreSQL ("A string literal cannot contain
NUL (0x00) characters"); other C0 control characters are invisible in a form yet break
the XLSX exports (XML forbids them) and the iCalendar feed. Nobody types them on
purpose, so they are removed, quietly, from every GET and POST value and key and from
uploaded files' names (never from the files' contents), and from the cookies (a
session cookie with one starts a fresh session). Tab, newline and carriage return stay:
a textarea needs them. A path with such a character names no page: 404.
"""

import re

from django.conf import settings
from django.http import Http404, QueryDict

# C0 controls except tab (\x09), newline (\x0a) and carriage return (\x0d); and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


def _has_control_characters(data: QueryDict) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in data.lists()
    )


def cleaned_query_dict(data: QueryDict) -> QueryDict:
    """``data`` without control characters; the same object when it has none."""
    if not _has_control_characters(data):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(
            strip_control_characters(key), [strip_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


class InputGuardMiddleware:
    """Strips control characters from the query string, the form fields and file names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path_info):
            raise Http404
        if any(CONTROL_CHARACTERS.search(v) for v in request.COOKIES.values()):
            self._clean_cookies(request)
        request.GET = cleaned_query_dict(request.GET)
        if request.method == "POST":
            # Parsing the body here rather than in CsrfViewMiddleware changes nothing:
            # that one reads request.POST of every POST too.
            request.POST = cleaned_query_dict(request.POST)
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and CONTROL_CHARACTERS.search(upload.name):
                        upload.name = strip_control_characters(upload.name)
        return self.get_response(request)

    @staticmethod
    def _clean_cookies(request):
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        request.COOKIES = {
            strip_control_characters(k): strip_control_characters(v)
            for k, v in request.COOKIES.items()
        }
        if CONTROL_CHARACTERS.search(session_key) and hasattr(request, "session"):
            # No session key holds such a character (looking it up is a 500 on
            # PostgreSQL): a fresh, empty session, as for an unknown key.
            request.session = type(request.session)(None)
