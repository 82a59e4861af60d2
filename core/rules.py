"""Roles as django-rules predicates, and the portal-wide rules.

Every app keeps its own rules in `<app>/rules.py` (autodiscovered by django-rules), built from
the role predicates here, so views (`permission_required`), templates (`{% has_perm %}` /
`perms`) and tests all ask the same question: `user.has_perm(name, obj)`.

Naming: portal rules are `<app>.<verb>_<noun>` with verbs other than Django's model-permission
verbs (add/change/delete/view), which stay reserved for the admin (see core.backends).
"""

import rules

from core.models import Role


def _role_predicate(role: str) -> rules.Predicate:
    def check(user) -> bool:
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and role in (user.roles or ())
        )

    return rules.predicate(check, name=f"has_role_{role}")


is_stuurgroeplid = _role_predicate(Role.STUURGROEPLID)
is_kwartiermaker = _role_predicate(Role.KWARTIERMAKER)
is_werkstroomtrekker = _role_predicate(Role.WERKSTROOMTREKKER)
is_respondent = _role_predicate(Role.RESPONDENT)
is_griffier = _role_predicate(Role.GRIFFIER)
is_beheerder_predicate = _role_predicate(Role.BEHEERDER)

is_programme_staff = is_stuurgroeplid | is_kwartiermaker


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_beheerder(user) -> bool:
    """May use the Django admin (beheer)."""
    return is_beheerder_predicate(user)


rules.add_perm("core.use_portal", is_active_user)
rules.add_perm("core.use_admin", is_beheerder_predicate)
rules.add_perm("core.check_worker", is_beheerder_predicate | is_kwartiermaker)
