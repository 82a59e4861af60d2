from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from rules.contrib.views import permission_required

from core import health as health_checks
from core import selectors, services


@permission_required("core.check_worker", raise_exception=True)
@require_http_methods(["GET", "POST"])
def system_status(request):
    if request.method == "POST":
        services.worker_heartbeat_request(acting_user=request.user)
        messages.success(
            request, _("Controle verstuurd. Ververs de pagina om het resultaat te zien.")
        )
        return redirect("core:system_status")
    return render(request, "core/system_status.html", {"heartbeats": selectors.recent_heartbeats()})


@require_safe
def glossary(request):
    """The short list of terms the portal uses, for every signed-in user."""
    return render(request, "core/glossary.html")


@login_not_required
@never_cache
def health(request):
    """Readiness per component, for load balancers, containers and operators; 503 if one fails.

    Anonymous callers get only ok/fout per component; staff who may check the worker also get
    the details. Never versions or settings.
    """
    results = health_checks.run_checks()
    healthy = all(result.ok for result in results.values())
    detailed = request.user.has_perm("core.check_worker")
    checks = {
        name: {
            "status": "ok" if result.ok else "fout",
            **({"detail": result.detail} if detailed and result.detail else {}),
        }
        for name, result in results.items()
    }
    return JsonResponse(
        {"status": "ok" if healthy else "fout", "checks": checks}, status=200 if healthy else 503
    )


@login_not_required
def set_language(request):
    """Django's language switch; a signed-in user's choice is also kept on their account, so
    that the portal's e-mails to them are written in it."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # No context processors that touch the database: the error may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
