"""A registry the apps fill and a consumer reads, without the consumer naming the apps.

The pattern of open-forms' plugin registries: `core` (or a cross-cutting app) owns a
`Registry`; each app adds its entries from its `AppConfig.ready()` or from a module the
consumer autodiscovers. Tests add and remove entries through the same API.
"""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Entries by a unique key, in the order of registration."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, Entry] = {}

    def register(self, key: str, entry: Entry | None = None) -> Entry | Callable[[Entry], Entry]:
        """Add `entry` under `key`; without `entry`, a decorator."""
        if entry is None:
            return lambda decorated: self.register(key, decorated)
        if key in self._entries and self._entries[key] is not entry:
            raise ValueError(f"{self.name}: {key!r} is already registered.")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def __getitem__(self, key: str) -> Entry:
        return self._entries[key]

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[tuple[str, Entry]]:
        return iter(list(self._entries.items()))

    def values(self) -> list[Entry]:
        return list(self._entries.values())
