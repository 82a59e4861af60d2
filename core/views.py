from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from budget.selectors import dashboard_burn
from core import selectors, services
from governance.selectors import stuurgroep_dashboard, workstream_list


def home(request):
    """The stuurgroep dashboard for programme staff; the plain workstream list for others."""
    if request.user.has_perm("governance.see_dashboard"):
        return render(
            request,
            "core/home.html",
            {
                "dashboard": stuurgroep_dashboard(user=request.user),
                "budget_burn": dashboard_burn(user=request.user),
            },
        )
    return render(request, "core/home.html", {"workstreams": workstream_list(user=request.user)})


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


@login_not_required
def health(request):
    """Liveness for load balancers and docker: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
