"""Rule tables and page guards: the shape of every app's tests/<app>/test_rules.py.

- A **rule table** maps (rule, object) to the roles for which `user.has_perm(rule, obj)` holds.
  It is checked for every role and for anonymous, without HTTP, on users built once per module
  (the `role_users` fixture).
- A **page table** maps each page (url name, object, method) to the (rule, object) of the rule
  table that guards it. Each page then gets three requests: one by an allowed role, one by a
  refused role, one anonymous.

Which roles a page allows therefore follows from the rule table; the two requests are placed at
the rule's boundary (the least privileged role it allows, the most privileged role it refuses),
so a page guarded by a neighbouring rule fails one of them.
"""

from django.urls import reverse

from core.models import Role

ROLES = ["anoniem", *Role.values]
SG, KM, WT, RS, GR, BH = (
    Role.STUURGROEPLID,
    Role.KWARTIERMAKER,
    Role.WERKSTROOMTREKKER,
    Role.RESPONDENT,
    Role.GRIFFIER,
    Role.BEHEERDER,
)
SIGNED_IN = set(Role.values)
# Most privileged in the portal first.
PRIVILEGE = [KM, SG, WT, RS, GR, BH]


def roles_allowed(users: dict, rule: str, obj=None) -> set[str]:
    """The roles (of `users`: role -> user) for which `rule` holds on `obj`."""
    return {role for role, user in users.items() if user.has_perm(rule, obj)}


def boundary_roles(allowed: set[str]) -> tuple[str, str | None]:
    """(least privileged role allowed, most privileged role refused or None: all may)."""
    assert allowed and "anoniem" not in allowed, allowed
    allowed_role = [role for role in PRIVILEGE if role in allowed][-1]
    refused_role = next((role for role in PRIVILEGE if role not in allowed), None)
    return allowed_role, refused_role


def assert_page_guarded(client, users: dict, *, url: str, method: str, allowed: set[str]):
    """One allowed, one refused (unless every role may) and one anonymous request to `url`."""
    allowed_role, refused_role = boundary_roles(allowed)
    login = reverse("login")

    client.force_login(users[allowed_role])
    response = getattr(client, method)(url)
    assert response.status_code in (200, 302), (allowed_role, response.status_code)
    if response.status_code == 302:
        assert not response.url.startswith(login), (allowed_role, response.url)

    if refused_role is not None:
        client.force_login(users[refused_role])
        response = getattr(client, method)(url)
        assert response.status_code == 403, (refused_role, response.status_code)
        assert "Geen toegang" in response.content.decode(), refused_role

    client.logout()
    response = getattr(client, method)(url)
    assert response.status_code == 302, ("anoniem", response.status_code)
    if not response.url.startswith(login):  # the admin's own login page sends on to ours
        final = client.get(response.url, follow=True)
        assert final.request["PATH_INFO"] == login, ("anoniem", final.redirect_chain)
