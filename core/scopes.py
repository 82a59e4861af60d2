"""Who sees which rows: one scope per model, written once, asked two ways.

An app defines a model's scope in its `rules.py`:

    @scopes.define(CouncilReport)
    def council_report_scope(user) -> Scope:
        if is_programme_staff(user):
            return Scope.ALL
        ...

The list selectors ask `CouncilReport.objects.visible_to(user)` (a SQL filter); the object
rules ask `visible(CouncilReport)(user, report)`, which checks the same conditions on the
loaded object in Python, without a query. Both read the one definition, so a list and a
detail page cannot disagree about what a user may see.

A scope is any of several alternatives, each a set of exact matches on fields (`council_id`,
`council__has_council`, `status__in`); that is all the portal's visibility rules need, and it
is what makes the Python evaluation exact.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

import rules
from django.db import models
from django.db.models import Q

IN = "__in"


class Scope:
    """Rows that match any one of `alternatives` (dicts of field lookup -> value)."""

    __slots__ = ("alternatives",)
    ALL: "Scope"
    NONE: "Scope"

    def __init__(self, alternatives: tuple[dict, ...] = ()):
        for alternative in alternatives:
            for lookup in alternative:
                if lookup.rsplit("__", 1)[-1] in _LOOKUPS_REFUSED:
                    raise ValueError(f"Scopes use plain matches (or __in), not {lookup!r}.")
        self.alternatives = tuple(alternatives)

    @classmethod
    def where(cls, **conditions) -> "Scope":
        return cls((conditions,))

    def __or__(self, other: "Scope") -> "Scope":
        return Scope(self.alternatives + other.alternatives)

    def __repr__(self) -> str:
        return f"Scope({self.alternatives!r})"

    def through(self, path: str) -> "Scope":
        """This scope of a related model, asked of a model that reaches it by `path`
        (a meeting's scope, asked of its documents: `meeting_scope.through("meeting")`)."""
        return Scope(
            tuple({f"{path}__{lookup}": v for lookup, v in a.items()} for a in self.alternatives)
        )

    @property
    def is_everything(self) -> bool:
        return any(not alternative for alternative in self.alternatives)

    def apply(self, queryset: models.QuerySet) -> models.QuerySet:
        if not self.alternatives:
            return queryset.none()
        if self.is_everything:
            return queryset
        return queryset.filter(reduce(or_, (Q(**a) for a in self.alternatives)))

    def admits(self, obj) -> bool:
        """Whether the loaded object `obj` lies in this scope (no query for local fields)."""
        return any(
            all(_matches(obj, lookup, expected) for lookup, expected in alternative.items())
            for alternative in self.alternatives
        )


Scope.ALL = Scope(({},))
Scope.NONE = Scope(())

# Lookups other than exact and `in` would need their own Python twin: refused.
_LOOKUPS_REFUSED = {
    "exact",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "isnull",
    "range",
    "iexact",
    "regex",
    "iregex",
}


def _matches(obj, lookup: str, expected) -> bool:
    path, is_in = (lookup.removesuffix(IN), True) if lookup.endswith(IN) else (lookup, False)
    value = obj
    for attribute in path.split("__"):
        if value is None:
            break
        value = getattr(value, attribute)
    return value in expected if is_in else value == expected


_scopes: dict[str, Callable[[object], Scope]] = {}


def define(model: type[models.Model]):
    """Decorator: `function(user) -> Scope` is `model`'s scope."""

    def register(function):
        label = model._meta.label
        if label in _scopes and _scopes[label] is not function:
            raise ValueError(f"{label} already has a scope.")
        _scopes[label] = function
        return function

    return register


def scope_for(model: type[models.Model], user) -> Scope:
    try:
        function = _scopes[model._meta.label]
    except KeyError:
        raise LookupError(
            f"{model._meta.label} has no scope (define it in its rules.py)."
        ) from None
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope.NONE
    return function(user)


class ScopedQuerySet(models.QuerySet):
    """A query set whose `visible_to(user)` keeps the rows the user may see."""

    def visible_to(self, user) -> models.QuerySet:
        return scope_for(self.model, user).apply(self)


def visible(model: type[models.Model]) -> rules.Predicate:
    """The object rule of `model`'s scope: `obj` is a `model` that the user may see; asked
    without an object, whether the user sees every row."""

    def check(user, obj) -> bool:
        if obj is None:  # without an object: may the user see every row of the model?
            return scope_for(model, user).is_everything
        return isinstance(obj, model) and scope_for(model, user).admits(obj)

    return rules.predicate(check, name=f"visible_{model._meta.label_lower}")
