"""Every API error as application/problem+json (RFC 9457): type, title, status, detail."""

from http import HTTPStatus

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def titles() -> dict[int, str]:
    return {
        400: _("Ongeldige invoer"),
        401: _("Niet aangemeld"),
        403: _("Geen toegang"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Formaat niet beschikbaar"),
        429: _("Te veel verzoeken"),
        500: _("Interne fout"),
    }


def problem(*, status: int, detail: str, instance: str = "", **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": titles().get(status) or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def _invalid_params(data) -> list[dict]:
    """DRF's {name: [messages]} (or [messages]) as ADR's invalidParams list."""
    if isinstance(data, dict):
        return [
            {"name": name, "reason": " ".join(str(m) for m in messages)}
            if isinstance(messages, list)
            else {"name": name, "reason": str(messages)}
            for name, messages in data.items()
        ]
    return [{"name": "", "reason": str(message)} for message in data]


def problem_exception_handler(exc, context):
    """DRF's handler (which also maps Http404 and PermissionDenied), reshaped as a problem."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an HTTP error: the middleware answers 500 as a problem
    request = context["request"]
    if isinstance(exc, ValidationError):
        invalid = _invalid_params(exc.detail)
        names = ", ".join(p["name"] for p in invalid if p["name"])
        detail = (
            _("Deze parameters kloppen niet: %(names)s.") % {"names": names}
            if names
            else " ".join(p["reason"] for p in invalid)
        )
        body = problem(
            status=response.status_code,
            detail=detail,
            instance=request.path,
            invalidParams=invalid,
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(status=response.status_code, detail=str(detail), instance=request.path)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(*, status: int, detail: str, instance: str = "") -> Response:
    return Response(
        problem(status=status, detail=detail, instance=instance),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
