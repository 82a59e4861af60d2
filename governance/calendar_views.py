"""Calendar pages: a meeting's .ics, the personal feed's settings page and the feed itself."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from governance import calendar, selectors, services
from governance.models import Meeting

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(content: bytes, *, filename: str | None) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def meeting_ics(request, pk):
    """One meeting as a calendar file, for whoever may see the meeting."""
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if not request.user.has_perm("governance.see_meeting", meeting):
        raise PermissionDenied("governance.see_meeting")
    return _ics_response(
        calendar.meeting_ics(meeting), filename=f"vergadering-{meeting.held_on:%Y-%m-%d}.ics"
    )


class FeedRenewForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat de huidige link dan niet meer werkt"),
        required=True,
        error_messages={
            "required": gettext_lazy(
                "Vink aan dat de huidige link dan niet meer werkt; anders blijft alles zoals "
                "het is."
            )
        },
    )


@never_cache
@permission_required("governance.use_calendar_feed", raise_exception=True)
def calendar_feed_settings(request):
    """The user's feed: made, or renewed after confirmation; its URL is shown once."""
    feed = selectors.calendar_feed_of(user=request.user)
    form = None
    if feed is not None:
        form = FeedRenewForm(request.POST) if request.method == "POST" else FeedRenewForm()
    feed_url = None
    if request.method == "POST" and (form is None or form.is_valid()):
        feed, secret = services.calendar_feed_renew(user=request.user, acting_user=request.user)
        feed_url = request.build_absolute_uri(calendar.feed_path(secret))
        form = FeedRenewForm()
    return render(
        request,
        "governance/calendar_feed.html",
        {"feed": feed, "form": form, "feed_url": feed_url},
        status=400 if form is not None and form.errors else 200,
    )


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, secret):
    """The feed itself, for calendar apps: the secret in the URL is the only credential."""
    feed = selectors.calendar_feed_for_secret(secret)
    if feed is None or not feed.user.has_perm("governance.use_calendar_feed"):
        raise Http404
    meetings, milestones = selectors.calendar_feed_entries(user=feed.user)
    services.calendar_feed_record_use(feed=feed)
    return _ics_response(calendar.feed_ics(meetings=meetings, milestones=milestones), filename=None)
