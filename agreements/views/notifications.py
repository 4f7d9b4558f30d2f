"""The notifications page: newest first; opening one marks it read and goes to its item."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..selectors.notifications import (
    notification_target,
    notification_text,
    notifications_of,
    unread_count,
)
from ..services.notifications import notification_open, notifications_mark_all_read


@require_http_methods(["GET", "POST"])
def notification_list(request):
    """A POST opens one (``open``: its id) or marks all read (``all``). The address
    redirected to is the item's, computed here: never one taken from the form."""
    if request.method == "POST":
        if "all" in request.POST:
            notifications_mark_all_read(user=request.user)
            messages.success(request, _("Every notification is marked read."))
            return redirect("agreements:notifications")
        pk = request.POST.get("open", "")
        target = notification_open(user=request.user, pk=pk) if pk.isdigit() else None
        if target is None:
            raise Http404
        return redirect(target)
    page = Paginator(notifications_of(request.user), 25).get_page(request.GET.get("page"))
    rows = [(n, notification_text(n), notification_target(n)) for n in page.object_list]
    return render(request, "agreements/notification_list.html", {"page": page, "rows": rows})


def unread_notifications(request) -> dict:
    """Context processor: the unread count of the header's bell, counted only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
