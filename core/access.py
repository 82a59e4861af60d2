"""Access granted outside the roles, collected for the beheerder's access review.

An app that grants access of its own (e.g. governance: read access to the registers) registers
a provider in its AppConfig.ready():

    def grants(users) -> dict[int, list[str]]     # user id -> Dutch descriptions

so the review lists every grant without core (or the audit app) importing the domain apps.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

AccessProvider = Callable[[Iterable], dict[int, list[str]]]
_providers: list[AccessProvider] = []


def register_access_provider(provider: AccessProvider) -> AccessProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def grants_for(users) -> dict[int, list[str]]:
    """Every registered grant of `users`: one query per provider, however many users."""
    collected: dict[int, list[str]] = defaultdict(list)
    for provider in _providers:
        for user_id, descriptions in provider(users).items():
            collected[user_id].extend(descriptions)
    return collected
