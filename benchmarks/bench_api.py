"""API v1 list endpoints, each with a token of its own (so the per-token throttle never
interferes), measured next to the trivial view. The data is the other modules' scaled data."""

import datetime

from benchmarks.pages import Page

COLLECTIONS = [
    "organisations",
    "workstreams",
    "status-reports",
    "milestones",
    "meetings",
    "decisions",
    "actions",
    "commitments",
    "budget-years",
    "budget-lines",
    "budget-shares",
    "maturity-rounds",
    "council-reports",
]

# Filled by scale(): the tokens exist only once the bench database does.
PAGES: list[Page] = []


def _token_headers(username: str) -> dict:
    from django.utils import timezone

    from api.services import api_token_create
    from core.models import User

    user = User.objects.get(username=username)
    _token, raw = api_token_create(
        user=user,
        name="make bench",
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
        acting_user=user,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def scale(factor: int) -> None:
    PAGES.clear()
    for collection in COLLECTIONS:
        path = f"/api/v1/{collection}?pageSize=100"
        PAGES.append(Page(f"api {collection}", path, None, _token_headers("kwartiermaker")))
    PAGES.append(
        Page(
            "api council-reports (griffier)",
            "/api/v1/council-reports?pageSize=100",
            None,
            _token_headers("griffier"),
        )
    )
    PAGES.append(Page("api openapi.json", "/api/v1/openapi.json", None))
