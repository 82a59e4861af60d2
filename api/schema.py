"""The OpenAPI document, made to follow the NLGov REST API Design Rules (ADR).

drf-spectacular generates the paths and schemas from the views, serializers and filters;
this hook adds what the ADR asks of every operation: the API-Version header on 2xx/3xx
responses, problem+json error responses, ETag and 304, and the bearer token scheme.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from api.middleware import API_VERSION

PROBLEM = "Problem"
ERROR_DESCRIPTIONS = {
    "400": "Invalid input: an unknown query parameter, a malformed value or page size.",
    "401": "No token, or an unknown, revoked or expired token.",
    "403": "Your role gives no access to this resource.",
    "404": "No such resource (or not one you may see), or a page beyond the last.",
    "406": "The Accept header asks for a format this resource does not offer.",
    "429": "Too many requests for this token; see Retry-After.",
}


class AutoSchema(SpectacularAutoSchema):
    pass


def _header(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "schema": schema or {"type": "string"}}


def adr_postprocessing(result, generator, request, public):
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas[PROBLEM] = {
        "type": "object",
        "description": "Problem details (RFC 9457).",
        "required": ["title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "example": "about:blank"},
            "title": {"type": "string", "example": "Niet gevonden"},
            "status": {"type": "integer", "example": 404},
            "detail": {"type": "string", "example": "Deze bron bestaat niet."},
            "instance": {"type": "string", "format": "uri-reference"},
            "invalidParams": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    }
    components.setdefault("headers", {}).update(
        {
            "API-Version": _header(f"Full version of the API ({API_VERSION}).", None)
            | {"schema": {"type": "string", "example": API_VERSION}},
            "ETag": _header("Version of this representation; send it back in If-None-Match."),
            "Link": _header("Pagination links (RFC 8288): first, prev, next, last."),
            "Retry-After": _header("Seconds to wait.", {"type": "integer"}),
            "WWW-Authenticate": _header("Bearer"),
        }
    )
    version_header = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "head"):
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status.startswith(("2", "3")):
                    headers = response.setdefault("headers", {})
                    headers.update(version_header)
                    if status == "200":
                        headers["ETag"] = {"$ref": "#/components/headers/ETag"}
            if any(p.get("name") == "page" for p in operation.get("parameters", [])):
                responses["200"]["headers"]["Link"] = {"$ref": "#/components/headers/Link"}
            operation.setdefault("parameters", []).append(
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "description": "An ETag from an earlier response: 304 when unchanged.",
                    "schema": {"type": "string"},
                }
            )
            responses["304"] = {
                "description": "Not modified: the representation still has this ETag.",
                "headers": {**version_header, "ETag": {"$ref": "#/components/headers/ETag"}},
            }
            public_operation = operation.get("security") == [{}] or "security" not in operation
            for status, description in ERROR_DESCRIPTIONS.items():
                if status in ("401", "403") and public_operation:
                    continue
                if (
                    status == "404"
                    and "{" not in path
                    and "page" not in str(operation.get("parameters"))
                ):
                    continue
                headers = dict(version_header)
                if status == "429":
                    headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
                if status == "401":
                    headers["WWW-Authenticate"] = {"$ref": "#/components/headers/WWW-Authenticate"}
                responses[status] = {
                    "description": description,
                    "headers": headers,
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": f"#/components/schemas/{PROBLEM}"}
                        }
                    },
                }
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (profile page, 'API-tokens'): read access.",
        }
