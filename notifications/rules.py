"""Who may do what with e-mail notifications (docs/permissions.md)."""

import rules

from core.rules import is_active_user, is_beheerder_predicate, is_kwartiermaker

# Everyone signed in chooses which mails they get; unsubscribing needs only the mail's link.
rules.add_perm("notifications.manage_own_preferences", is_active_user)
# Mails that could not be sent, and sending them again: the people who look after the portal.
rules.add_perm("notifications.view_failed", is_beheerder_predicate | is_kwartiermaker)
rules.add_perm("notifications.retry_failed", is_beheerder_predicate)
