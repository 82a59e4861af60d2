"""What every response under /api/ carries: the API-Version header, an ETag (with 304 for a
matching If-None-Match), Vary on the credentials, and problem+json for an unexpected error."""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import gettext as _

from api.exceptions import PROBLEM_CONTENT_TYPE, problem

API_PREFIX = "/api/"
# One version number: the OpenAPI document's info.version (semver).
API_VERSION = settings.SPECTACULAR_SETTINGS["VERSION"]
logger = logging.getLogger("api")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        patch_vary_headers(response, ["Authorization", "Accept"])
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if not response.streaming and not response.has_header("ETag"):
                set_response_etag(response)
            if response.has_header("ETag"):
                # Private: the body depends on whose token asked. no-cache: revalidate each time.
                patch_cache_control(response, private=True, no_cache=True)
                response = get_conditional_response(
                    request, etag=response["ETag"], response=response
                )
        response.headers["API-Version"] = API_VERSION
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        logger.exception("Unexpected error on %s", request.path, exc_info=exception)
        detail = _("Er ging iets mis aan onze kant; probeer het later opnieuw.")
        response = JsonResponse(
            problem(status=500, detail=detail, instance=request.path), status=500
        )
        response["Content-Type"] = PROBLEM_CONTENT_TYPE
        return response
