"""Who may read the change log and the access review: beheerders only."""

import rules

from core.rules import is_beheerder_predicate

rules.add_perm("audit.view_audit", is_beheerder_predicate)
