"""Rules of the API app: who manages which personal token."""

import rules

from core.models import Role


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_beheerder(user) -> bool:
    return bool(is_active_user(user) and Role.BEHEERDER in (user.roles or ()))


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and token.user_id == user.pk


# Every signed-in user may hold tokens: the API shows them no more than the portal does.
rules.add_perm("api.manage_own_tokens", is_active_user)
rules.add_perm("api.revoke_token", is_active_user & (owns_token | is_beheerder))
