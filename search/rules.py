"""Who may search: every active user. What each one finds is scoped per record (selectors)."""

import rules

from core.rules import is_active_user

rules.add_perm("search.search", is_active_user)
