"""One's own account: the profile page and "log out everywhere".

Every role uses these pages, Leadership included. Password change and reset are
Django's own views, wired in cooperation/urls.py; two-factor authentication is in
views/two_factor.py; the calendar address in views/calendar.py.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ..forms.accounts import ProfileForm
from ..selectors.accounts import sign_in_summary
from ..services.accounts import account_logout_everywhere, account_update_profile
from ..signals import logged_out_everywhere


@sensitive_post_parameters("current_password")
@require_http_methods(["GET", "POST"])
def account_profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account_update_profile(
            actor=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            mail_events=form.cleaned_data.get("mail_events", []),
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("agreements:account")
    token = user.calendar_token
    feed_url = (
        request.build_absolute_uri(reverse("agreements:calendar_feed", args=[token]))
        if token
        else None
    )
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "sign_ins": sign_in_summary(user),
            "feed_url": feed_url,
            # The same address for calendar apps that subscribe on a webcal:// link.
            "webcal_url": feed_url and "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@require_POST
def account_logout_everywhere_view(request):
    """Every other session of the user ends; this one stays, with the new auth hash.

    Keeping the current session is safe: whoever could use it could equally log out
    everywhere else by changing the password, which Django's own view also does."""
    user = account_logout_everywhere(actor=request.user)
    update_session_auth_hash(request, user)
    logged_out_everywhere.send(sender=type(user), user=user, request=request)
    messages.success(
        request, _("You were logged out on every other device. This one stays logged in.")
    )
    return redirect("agreements:account")
