"""Login throttling with two limits (django-axes handler, AXES_HANDLER).

Axes counts failures per lockout parameter (AXES_LOCKOUT_PARAMETERS: the username+address pair
and the address alone) but compares them all with one AXES_FAILURE_LIMIT. The policy
(docs/security.md) needs two limits:

- a username from one address: AXES_FAILURE_LIMIT failures (default 5);
- one address across all usernames (password spraying): AXES_IP_FAILURE_LIMIT failures
  (default 30), higher, because an office behind one NAT address shares it.

The address count is scaled onto the pair's limit, so axes' own `failures >= limit` test
answers for both. A successful login resets only its own pair's count: an attacker who owns one
account cannot wipe the address count by signing in with it.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings


class PairAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        counts = [
            sum(attempts.values_list("failures_since_start", flat=True))
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair = counts[0] if counts else 0
        address = counts[1] if len(counts) > 1 else 0
        limit = settings.AXES_FAILURE_LIMIT
        # floor(address * limit / ip_limit) >= limit exactly when address >= ip_limit.
        return max(pair, address * limit // settings.AXES_IP_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        attempts = self.filter_user_attempts(request, credentials)
        if not attempts:
            return 0
        count, _ = attempts[0].delete()
        return count
