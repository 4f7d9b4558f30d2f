"""Interface language: Bahasa Indonesia unless the user chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language and show
English to most browsers; the law asks for Bahasa Indonesia by default, so the
only way to English is the language switch (its cookie).
"""

from django.conf import settings
from django.utils import translation


class PortalLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
