"""The private iCalendar feed of due dates and answer dates, behind a revocable token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..models import User
from ..selectors.calendar import calendar_for_user
from ..services.calendar import calendar_token_reset, calendar_token_revoke


def calendar_settings(request):
    token = request.user.calendar_token
    feed_url = (
        request.build_absolute_uri(reverse("agreements:calendar_feed", args=[token]))
        if token
        else None
    )
    return render(request, "agreements/calendar.html", {"feed_url": feed_url})


@require_POST
def calendar_reset(request):
    calendar_token_reset(user=request.user)
    messages.success(request, _("A new calendar address was made; any old one no longer works."))
    # Made from the profile: back there (a fixed choice, never an address from the form).
    if request.POST.get("back") == "account":
        return redirect("agreements:account")
    return redirect("agreements:calendar")


@require_POST
def calendar_revoke(request):
    calendar_token_revoke(user=request.user)
    messages.success(request, _("The calendar address was revoked."))
    return redirect("agreements:calendar")


@login_not_required
@never_cache
def calendar_feed(request, token):
    """Phone calendars cannot log in: the secret token in the URL is the credential."""
    try:
        user = User.objects.select_related("work_unit").get(calendar_token=token, is_active=True)
    except User.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(calendar_for_user(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kerjasama-ntb.ics"'
    return response
