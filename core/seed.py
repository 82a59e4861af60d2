"""The real collaboration as seed data (from shared/domain.md), loaded idempotently."""

import contextlib
import contextvars
import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import Organisation, OrganisationKind, Role, User

# The source does not date the memberships. Assumption, stated on the records: the
# collaboration's members joined on 2014-01-01 and Bergen op Zoom left at the end of 2021
# (the report of November 2022 speaks of its departure as done).
ASSUMED_START = datetime.date(2014, 1, 1)
ASSUMED_NOTE = "Datum aangenomen; de bron noemt geen datum."

# Set while seed data loads: loading records announces nothing to anyone
# (notifications.services.notify asks is_loading()).
_loading = contextvars.ContextVar("seed_loading", default=False)


@contextlib.contextmanager
def loading():
    """Load seed data inside this block; enter it outside the transaction, so that what runs
    when the transaction commits (the announcements) runs inside it too."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)


def is_loading() -> bool:
    return _loading.get()


ORGANISATIONS = [
    # short_name, name, slug, kind, has_council, budget participant, end
    (
        "Roosendaal",
        "Gemeente Roosendaal",
        "roosendaal",
        OrganisationKind.GEMEENTE,
        True,
        True,
        None,
    ),
    (
        "Etten-Leur",
        "Gemeente Etten-Leur",
        "etten-leur",
        OrganisationKind.GEMEENTE,
        True,
        True,
        None,
    ),
    ("Moerdijk", "Gemeente Moerdijk", "moerdijk", OrganisationKind.GEMEENTE, True, True, None),
    ("Tholen", "Gemeente Tholen", "tholen", OrganisationKind.GEMEENTE, True, True, None),
    (
        "Werkplein",
        "Werkplein Hart van West-Brabant",
        "werkplein",
        OrganisationKind.UITVOERINGSORGANISATIE,
        False,
        True,
        None,
    ),
    (
        "ICT WBW",
        "ICT West-Brabant West",
        "ict-wbw",
        OrganisationKind.ICT_DIENSTVERLENER,
        False,
        False,
        None,
    ),
    (
        "Bergen op Zoom",
        "Gemeente Bergen op Zoom",
        "bergen-op-zoom",
        OrganisationKind.GEMEENTE,
        True,
        True,
        datetime.date(2021, 12, 31),
    ),
]

# username -> (first name, last name, organisation short name, roles, job title)
DEMO_ACCOUNTS = {
    "stuurgroep": (
        "Sanne",
        "de Stuurgroep",
        "Roosendaal",
        [Role.STUURGROEPLID],
        "Gemeentesecretaris",
    ),
    "kwartiermaker": ("Kees", "Kwartiermaker", None, [Role.KWARTIERMAKER], "Kwartiermaker"),
    "trekker": (
        "Tim",
        "Trekker",
        "Tholen",
        [Role.WERKSTROOMTREKKER],
        "Trekker werkstroom cybersecurity",
    ),
    "respondent": ("Rosa", "Respondent", "Moerdijk", [Role.RESPONDENT], "Informatieadviseur"),
    "griffier": ("Gerrit", "Griffier", "Etten-Leur", [Role.GRIFFIER], "Griffier"),
    "beheerder": ("Bea", "Beheerder", "ICT WBW", [Role.BEHEERDER], "Functioneel beheerder"),
}


def upsert(model: type[models.Model], *, lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Create the row, or update it only where a value differs: a re-run writes nothing."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        return model._default_manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance, bool(changed)


def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for short_name, name, slug, kind, council, participant, end in ORGANISATIONS:
        organisations[short_name], _ = upsert(
            Organisation,
            lookup={"short_name": short_name},
            values={
                "name": name,
                "slug": slug,
                "kind": kind,
                "has_council": council,
                "is_budget_participant": participant,
                "membership_start": ASSUMED_START,
                "membership_end": end,
                "membership_note": ASSUMED_NOTE,
            },
        )
    return organisations


def demo_password() -> str:
    """DEMO_PASSWORD from the environment, else one generated once and kept in var/."""
    from_env = getattr(settings, "DEMO_PASSWORD", "")
    if from_env:
        return from_env
    path = Path(settings.VAR_DIR) / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def seed_demo_accounts(password: str) -> list[User]:
    users = []
    for username, (first, last, org_name, roles, title) in DEMO_ACCOUNTS.items():
        organisation = Organisation.objects.get(short_name=org_name) if org_name else None
        user, created = upsert(
            User,
            lookup={"username": username},
            values={
                "first_name": first,
                "last_name": last,
                "organisation": organisation,
                "roles": list(roles),
                "job_title": title,
                "email": f"{username}@demo.invalid",
                "is_active": True,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        users.append(user)
    return users


def seed_story(
    model: type[models.Model],
    *,
    lookup: dict,
    values: dict,
    story: list[tuple[datetime.datetime, dict]],
) -> models.Model:
    """Upsert a demo record; when it is new, let it come about as `story` tells, so its
    timestamps and history (pghistory events) agree with the demo's timeline.

    `story` is [(moment, changes), ...] in time order: the record is created at the first
    moment with `values` overridden by the first changes, then each later step saves its changes
    and is dated at its moment. Moments after now are moved to now: the demo never has a future
    history. A re-run finds the record and only upserts `values` (nothing, when unchanged)."""
    from core.services import history_backdate

    instance = model._default_manager.filter(**lookup).first()
    if instance is None and story:
        now = timezone.now()
        first_at, first_changes = story[0]
        instance = model._default_manager.create(**lookup, **(values | first_changes))
        history_backdate(record=instance, at=min(first_at, now))
        for at, changes in story[1:]:
            for name, value in changes.items():
                setattr(instance, name, value)
            instance.save(update_fields=list(changes))
            history_backdate(record=instance, at=min(at, now), latest_only=True)
    instance, _changed = upsert(model, lookup=lookup, values=values)
    return instance


def demo_moment(day: datetime.date | str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of the demo's timeline, in the portal's time zone."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
