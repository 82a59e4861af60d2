"""The portal's pages of the API app: personal tokens on the profile, the documentation page
and the OpenAPI document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiJsonRenderer2
from rest_framework.response import Response
from rest_framework.views import APIView
from rules.contrib.views import permission_required

from api import selectors, services
from api.forms import TokenForm
from api.models import ApiToken
from api.openapi import openapi_document, operations
from core.forms import show_refusal


@never_cache
@permission_required("api.manage_own_tokens", raise_exception=True)
def token_list(request):
    """The user's tokens; a new token's secret is shown once, on the answer to its creation."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(user=request.user),
            "created": created,
            "secret": secret,
        },
        status=400 if form.errors else 200,
    )
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("api.revoke_token", token):
        raise PermissionDenied
    services.api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("Het token '%(name)s' is ingetrokken.") % {"name": token.name})
    return redirect("api:tokens")


@login_not_required
def documentation(request):
    """Human-readable documentation of API v1, rendered on the server from the OpenAPI document."""
    document = openapi_document()
    return render(
        request,
        "api/docs.html",
        {"info": document["info"], "groups": operations(document)},
    )


class OpenApiView(APIView):
    """The OpenAPI 3 document of API v1 (public)."""

    public = True
    authentication_classes = []
    renderer_classes = [OpenApiJsonRenderer2, OpenApiJsonRenderer]
    http_method_names = ["get", "head"]
    schema = None

    def get(self, request):
        return Response(openapi_document())
