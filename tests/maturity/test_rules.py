"""Maturity rules for every role, and each maturity page behind its rule (tests/access.py)."""

import pytest
from django.urls import reverse

from maturity import seed
from maturity.models import Assessment, Characteristic, Target
from maturity.services import MATURITY_WORKSTREAM_NUMBER
from tests.access import GR, KM, RS, SG, WT, assert_page_guarded, roles_allowed
from tests.conftest import make_organisation
from tests.factories import WorkstreamFactory
from tests.maturity.factories import make_round, make_submitted

pytestmark = pytest.mark.django_db

READERS = {SG, KM, WT, RS, GR}

# (rule, object) -> roles for which it holds. The respondent and the stuurgroeplid work for
# Roosendaal; drafts are in the open round 2025.
RULES = {
    ("maturity.see_results", None): READERS,
    ("maturity.export_results", None): READERS,
    ("maturity.score_round", None): {RS},
    ("maturity.see_draft", "roosendaal_draft"): {RS},
    ("maturity.see_draft", "tholen_draft"): set(),
    ("maturity.edit_scores", "roosendaal_draft"): {RS},
    ("maturity.edit_scores", "tholen_draft"): set(),
    ("maturity.edit_scores", "tholen_submitted"): set(),
    ("maturity.reopen_scores", None): {KM},
    ("maturity.manage_rounds", None): {KM},
    ("maturity.manage_benchmark", None): {KM},
    ("maturity.import_data", None): {KM},
    ("maturity.create_actions", None): {KM},
    # Targets: an organisation's own by its stuurgroeplid or respondent; any (and the
    # collaboration's, None) by the kwartiermaker.
    ("maturity.set_targets", "roosendaal"): {KM, SG, RS},
    ("maturity.set_targets", "tholen"): {KM},
    ("maturity.set_targets", None): {KM},
    # The object rules of the scopes (core.scopes): the same rows as the lists show. Drafts
    # only for their own organisation's respondent; submitted ones for every reader.
    ("maturity.see_assessment", "roosendaal_draft"): {RS},
    ("maturity.see_assessment", "tholen_draft"): set(),
    ("maturity.see_assessment", "tholen_submitted"): READERS,
    ("maturity.see_round", "open_round"): READERS,
    ("maturity.see_target", "target"): READERS,
}

# (url name, url arguments, method) -> the (rule, object) of RULES that guards the page.
PAGES = {
    ("maturity:round_list", (), "get"): ("maturity.see_results", None),
    ("maturity:round_detail", ("year",), "get"): ("maturity.see_results", None),
    ("maturity:round_record", ("year",), "get"): ("maturity.see_round", "open_round"),
    ("maturity:assessment_detail", ("submitted",), "get"): (
        "maturity.see_assessment",
        "tholen_submitted",
    ),
    # A draft: only its own organisation's respondent reads it.
    ("maturity:assessment_detail", ("draft",), "get"): (
        "maturity.see_assessment",
        "roosendaal_draft",
    ),
    ("maturity:organisation_result", ("year", "slug"), "get"): ("maturity.see_results", None),
    ("maturity:export_results", ("year", "csv"), "get"): ("maturity.export_results", None),
    ("maturity:round_create", (), "get"): ("maturity.manage_rounds", None),
    ("maturity:round_transition", ("year", "sluiten"), "post"): ("maturity.manage_rounds", None),
    ("maturity:assessment_edit", ("year",), "get"): ("maturity.score_round", None),
    ("maturity:import_data", ("year",), "get"): ("maturity.import_data", None),
    ("maturity:actions_create", ("year", "slug"), "post"): ("maturity.create_actions", None),
    ("maturity:assessment_reopen", ("submitted",), "post"): ("maturity.reopen_scores", None),
}


@pytest.fixture(scope="module")
def objects(module_db, module_role_users):
    seed.seed({})  # the questionnaire
    # Improvement actions are filed under the maturity workstream.
    WorkstreamFactory(number=MATURITY_WORKSTREAM_NUMBER, name="Digitale volwassenheid")
    roosendaal, tholen = make_organisation("Roosendaal"), make_organisation("Tholen")
    open_round = make_round(2025)
    previous = make_round(2024)
    return {
        None: None,
        "roosendaal": roosendaal,
        "tholen": tholen,
        "roosendaal_draft": Assessment.objects.create(round=open_round, organisation=roosendaal),
        "tholen_draft": Assessment.objects.create(round=open_round, organisation=tholen),
        "tholen_submitted": make_submitted(previous, tholen),
        "open_round": open_round,
        "target": Target.objects.create(
            round=open_round, characteristic=Characteristic.objects.first(), value=7
        ),
        # url arguments
        "year": 2024,
        "slug": tholen.slug,
    }


@pytest.mark.parametrize(("rule", "key"), list(RULES))
def test_rule_for_every_role(role_users, objects, rule, key):
    assert roles_allowed(role_users, rule, objects[key]) == RULES[(rule, key)]


def test_the_table_covers_every_maturity_rule():
    import rules

    names = {name for name in rules.permissions.permissions if name.startswith("maturity.")}
    assert names == {rule for rule, _ in RULES}
    assert set(PAGES.values()) <= set(RULES)


def _argument(key, objects):
    if key == "submitted":
        return objects["tholen_submitted"].pk
    if key == "draft":
        return objects["roosendaal_draft"].pk
    return objects.get(key, key)


@pytest.mark.parametrize(("url_name", "arguments", "method"), list(PAGES))
def test_page_is_guarded_by_its_rule(client, role_users, objects, url_name, arguments, method):
    url = reverse(url_name, args=[_argument(key, objects) for key in arguments])
    assert_page_guarded(
        client,
        role_users,
        url=url,
        method=method,
        allowed=RULES[PAGES[(url_name, arguments, method)]],
    )
