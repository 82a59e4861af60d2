"""Rules of the API app: who manages which personal token."""

import rules

from api.models import ApiToken
from core import scopes
from core.rules import is_active_user, is_beheerder_predicate
from core.scopes import Scope, visible


@scopes.define(ApiToken)
def api_token_scope(user) -> Scope:
    """A user's own tokens; a beheerder sees every token (to revoke it)."""
    return Scope.ALL if is_beheerder_predicate(user) else Scope.where(user_id=user.pk)


# Every signed-in user may hold tokens: the API shows them no more than the portal does.
rules.add_perm("api.manage_own_tokens", is_active_user)
rules.add_perm("api.revoke_token", visible(ApiToken))
