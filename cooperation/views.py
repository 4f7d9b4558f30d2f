"""The site's own views: the home redirect and the /healthz probe."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from agreements.access import start_page


def home(request):
    return redirect(start_page(request.user))


@login_not_required
@never_cache
def healthz(request):
    """Server probe for load balancers: 200 after a database round trip, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
