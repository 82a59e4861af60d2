"""Access granted outside the roles, collected for the beheerder's access review.

An app that grants access of its own (e.g. governance: read access to the registers) registers
a provider in its AppConfig.ready():

    def grants(users) -> dict[int, list[str]]     # user id -> Dutch descriptions

so the review lists every grant without core (or the audit app) importing the domain apps.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from core.registry import Registry

AccessProvider = Callable[[Iterable], dict[int, list[str]]]
providers: Registry[AccessProvider] = Registry("access providers")


def register_access_provider(provider: AccessProvider) -> AccessProvider:
    return providers.register(f"{provider.__module__}.{provider.__qualname__}", provider)


def grants_for(users) -> dict[int, list[str]]:
    """Every registered grant of `users`: one query per provider, however many users."""
    collected: dict[int, list[str]] = defaultdict(list)
    for provider in providers.values():
        for user_id, descriptions in provider(users).items():
            collected[user_id].extend(descriptions)
    return collected
