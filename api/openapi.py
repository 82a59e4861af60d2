"""The OpenAPI document of API v1, generated once per process (it changes only with the code)."""

import functools

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator


@functools.cache
def openapi_document() -> dict:
    # In the portal's language, whatever the language of the request that came first.
    with translation.override(settings.LANGUAGE_CODE):
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(document: dict) -> list[dict]:
    """The document's GET operations, grouped per tag, for the documentation page."""
    groups: dict[str, list] = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method != "get":
                continue
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": "" if path == "/" else path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "type": p.get("schema", {}).get("type", ""),
                            "enum": p.get("schema", {}).get("enum", []),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                    "public": "security" not in operation,
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]
