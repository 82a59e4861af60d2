import datetime

import pytest
from django.core.management import call_command
from pghistory.models import Events

from core.models import Organisation, Role, User
from governance.models import SteeringGroupSeat, Workstream
from tests.shared_data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command("seed_wbw", *args, verbosity=0)


def snapshot():
    return {
        "organisations": list(Organisation.objects.values().order_by("pk")),
        "workstreams": list(Workstream.objects.values().order_by("pk")),
        "seats": list(SteeringGroupSeat.objects.values().order_by("pk")),
        "users": list(User.objects.values().order_by("pk")),
        "events": Events.objects.count(),
    }


def test_seed_loads_the_collaboration_from_the_domain_brief(seeded):
    assert Organisation.objects.count() == 7
    assert set(Organisation.objects.with_council().values_list("short_name", flat=True)) == {
        "Roosendaal",
        "Etten-Leur",
        "Moerdijk",
        "Tholen",
        "Bergen op Zoom",
    }
    werkplein = Organisation.objects.get(short_name="Werkplein")
    assert werkplein.name == "Werkplein Hart van West-Brabant" and not werkplein.has_council
    assert not Organisation.objects.get(short_name="ICT WBW").is_budget_participant

    leads = dict(Workstream.objects.values_list("number", "lead_organisation__short_name"))
    assert leads == {1: "ICT WBW", 2: "Roosendaal", 3: "Tholen", 4: "Etten-Leur", 5: None}
    assert Workstream.objects.get(number=5).lead_label == "Stuurgroep / kwartiermaker"

    seats = SteeringGroupSeat.objects.values_list("organisation__short_name", "function_title")
    assert sorted(seats) == sorted(
        [
            ("Roosendaal", "Gemeentesecretaris"),
            ("Etten-Leur", "Gemeentesecretaris"),
            ("Moerdijk", "Gemeentesecretaris"),
            ("Tholen", "Gemeentesecretaris"),
            ("Werkplein", "Directeur"),
            ("ICT WBW", "Directeur"),
        ]
    )


def test_participants_per_year_follow_membership_periods(seeded):
    in_2024 = set(
        Organisation.objects.participants_in_year(2024).values_list("short_name", flat=True)
    )
    assert in_2024 == {"Roosendaal", "Etten-Leur", "Moerdijk", "Tholen", "Werkplein"}
    in_2021 = set(
        Organisation.objects.participants_in_year(2021).values_list("short_name", flat=True)
    )
    assert in_2021 == in_2024 | {"Bergen op Zoom"}
    bergen = Organisation.objects.get(short_name="Bergen op Zoom")
    assert bergen.is_member_on(datetime.date(2021, 12, 31))
    assert not bergen.is_member_on(datetime.date(2022, 1, 1))


def test_a_second_run_changes_nothing(demo_seeded, settings):
    settings.DEMO_PASSWORD = DEMO_PASSWORD  # the first run's (tests/shared_data.py)
    before = snapshot()
    seed("--demo")
    assert snapshot() == before


def test_demo_accounts_one_per_role_with_the_given_password(demo_seeded):
    # demo_seeded ran `seed_wbw --demo` with DEMO_PASSWORD set (tests/shared_data.py).
    expected = {
        "stuurgroep": Role.STUURGROEPLID,
        "kwartiermaker": Role.KWARTIERMAKER,
        "trekker": Role.WERKSTROOMTREKKER,
        "respondent": Role.RESPONDENT,
        "griffier": Role.GRIFFIER,
        "beheerder": Role.BEHEERDER,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.roles == [role]
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="griffier").organisation.has_council
    seat = SteeringGroupSeat.objects.get(member__username="stuurgroep")
    assert seat.organisation.short_name == "Roosendaal"


def test_demo_password_is_generated_once_and_kept(demo_seeded, settings, tmp_path, capsys):
    # On the demo accounts of demo_seeded: a run sets a password that differs from theirs.
    settings.DEMO_PASSWORD = ""
    settings.VAR_DIR = tmp_path
    call_command("seed_wbw", "--demo")
    password = (tmp_path / "demo_password").read_text().strip()
    assert len(password) >= 12 and password in capsys.readouterr().out
    call_command("seed_wbw", "--demo", verbosity=0)
    assert User.objects.get(username="kwartiermaker").check_password(password)
