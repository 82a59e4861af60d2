from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.mail import InvalidToken, read_unsubscribe_token
from notifications.models import Group, NotificationLog

SHOWN_FAILED = 100


@never_cache
@permission_required("notifications.manage_own_preferences", raise_exception=True)
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in user's choice per group of mails."""
    form = PreferencesForm(
        request.POST or None, initial_deliveries=selectors.preferences_for(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_set(
            user=request.user, deliveries=form.cleaned_data, acting_user=request.user
        )
        messages.success(request, _("Uw keuzes voor e-mailmeldingen zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# The token is the whole authority: no login, and no CSRF token, because a mail program's
# one-click unsubscribe (RFC 8058) posts without either. It can only switch mails off.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: confirm; POST (the page's button or a mail program's one-click): switch the group
    named in the signed token off, for the user named in it only."""
    try:
        user_id, group = read_unsubscribe_token(token)
    except InvalidToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    group_label = Group(group).label if group else _("alle e-mailmeldingen")
    if request.method == "POST":
        user = services.unsubscribe(user_id=user_id, group=group)
        if user is None:
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribe_done.html", {"group_label": group_label})
    return render(request, "notifications/unsubscribe.html", {"group_label": group_label})


@permission_required("notifications.view_failed", raise_exception=True)
def failed_list(request):
    """Mails that could not be sent after every attempt."""
    return render(
        request,
        "notifications/failed.html",
        {
            "failed": selectors.failed_notifications()[:SHOWN_FAILED],
            "count": selectors.failed_notifications_count(),
            "shown": SHOWN_FAILED,
        },
    )


@require_POST
@permission_required("notifications.retry_failed", raise_exception=True)
def failed_retry(request, pk):
    log = get_object_or_404(NotificationLog, pk=pk)
    try:
        services.notification_retry(log=log, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De e-mail staat weer in de wachtrij."))
    return redirect("notifications:failed")
