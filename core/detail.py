"""The one detail page of a record (templates/record_detail.html): every field read-only,
breadcrumbs, the history, and "Bewerken" only for whoever the edit rule allows."""

from collections.abc import Iterable

from django.shortcuts import render

from core.selectors import history_for


def crumbs(user, *items: tuple[str, str, str | None]) -> list[tuple[str, str]]:
    """(label, url) pairs for the breadcrumbs: each item is (label, url, rule); an item whose
    rule the user does not hold is left out, so no crumb leads to a refusal."""
    return [(label, url) for label, url, rule in items if rule is None or user.has_perm(rule)]


def record_detail(
    request,
    record,
    *,
    title: str,
    breadcrumbs: Iterable[tuple[str, str]] = (),
    edit_url: str | None = None,
    edit_label: str | None = None,
    actions: Iterable[tuple[str, str]] = (),
    template: str = "record_detail.html",
    history: list | None = None,
    extra: dict | None = None,
):
    """Render `record` for someone who may see it. `edit_url` only when the edit rule holds
    (the caller asks it); `actions` are further (label, url) buttons the user may use."""
    return render(
        request,
        template,
        {
            "record": record,
            "title": title,
            "breadcrumbs": list(breadcrumbs),
            "edit_url": edit_url,
            "edit_label": edit_label,
            "actions": list(actions),
            "history": history_for(record) if history is None else history,
            **(extra or {}),
        },
    )
