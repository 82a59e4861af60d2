"""What the search finds: Dutch words, typos, codes, filters, pages, and hostile input."""

import datetime

import pytest
from django.urls import reverse

from governance.models import Action
from search import selectors
from search.templatetags.search import search_snippet
from tests.factories import OrganisationFactory, WorkstreamFactory
from tests.governance.factories import (
    ActionFactory,
    CommitmentFactory,
    DecisionFactory,
    MeetingFactory,
    MilestoneFactory,
    RiskFactory,
    StatusReportFactory,
)
from tests.machine_values import localized_numbers_in_attributes
from tests.schema import FIRST_ID

pytestmark = pytest.mark.django_db
URL = reverse("search:results")


def find(user, text, **filters):
    return selectors.search(
        user=user, text=text, workstreams=selectors.workstream_choices(), **filters
    )


def titles(results) -> list[str]:
    """The hits' titles without the marks around matching words."""
    return [
        hit.title.replace(selectors.MARK_START, "").replace(selectors.MARK_END, "")
        for group in results.groups
        for hit in group.hits
    ]


def kinds(results) -> list[str]:
    return [group.kind.key for group in results.groups]


def test_dutch_stemming_finds_other_forms_of_a_word(kwartiermaker):
    DecisionFactory(text="Het besluit over de dienstencatalogus.")
    assert titles(find(kwartiermaker, "besluiten"))
    ActionFactory(title="Vergadering met de raden voorbereiden")
    found = find(kwartiermaker, "vergaderingen raad")
    assert titles(found) == ["Vergadering met de raden voorbereiden"] and not found.fuzzy


def test_accents_do_not_matter(kwartiermaker):
    CommitmentFactory(text="De raad wordt geïnformeerd over de meting.")
    assert kinds(find(kwartiermaker, "geinformeerd")) == ["toezegging"]
    ActionFactory(title="Cafe inrichten")
    assert kinds(find(kwartiermaker, "café")) == ["actie"]


def test_title_weighs_above_body(kwartiermaker):
    in_body = RiskFactory(title="Uitval", description="De migratie loopt uit.")
    in_title = RiskFactory(title="Migratie loopt vertraging op", description="Capaciteit.")
    found = find(kwartiermaker, "migratie")
    assert titles(found) == [in_title.title, in_body.title]


def test_a_typo_falls_back_to_similar_words(kwartiermaker):
    RiskFactory(title="CISO-rol bij één persoon belegd")
    ActionFactory(title="Capaciteit van de kennisgroep bepalen")
    exact = find(kwartiermaker, "ciso")
    assert not exact.fuzzy and titles(exact) == ["CISO-rol bij één persoon belegd"]
    for typo in ("cisco", "capacitiet", "kennisgroap"):
        found = find(kwartiermaker, typo)
        assert found.fuzzy, typo
        assert titles(found), typo
    assert titles(find(kwartiermaker, "capacitiet")) == ["Capaciteit van de kennisgroep bepalen"]


def test_decision_codes_are_found_exactly_and_approximately(kwartiermaker):
    DecisionFactory(year=2025, sequence=7, text="Plan vastgesteld.")
    DecisionFactory(year=2025, sequence=8, text="Budget vastgesteld.")
    exact = find(kwartiermaker, "SG-2025-007")
    assert titles(exact) == ["SG-2025-007"] and not exact.fuzzy
    for variant in ("SG 2025 007", "2025-007"):
        assert titles(find(kwartiermaker, variant))[0] == "SG-2025-007", variant
    assert "SG-2025-007" in titles(find(kwartiermaker, "sg-2025-07"))


def test_snippets_highlight_matches_and_stay_escaped(kwartiermaker, client):
    RiskFactory(
        title="Kwetsbare plek",
        description='<script>alert("x")</script> <b>vet</b> de CISO \ue000valse markering\ue001',
    )
    hit = find(kwartiermaker, "ciso").groups[0].hits[0]
    html = search_snippet(hit.snippet)
    assert "<mark>CISO</mark>" in html
    assert "<script>" not in html and "<b>" not in html
    # Record text cannot smuggle in the markers: they are stripped before highlighting.
    assert html.count("<mark>") == 1
    # The filter escapes everything but its own markers.
    assert search_snippet('a <b> & "c" \ue000d\ue001') == (
        "a &lt;b&gt; &amp; &quot;c&quot; <mark>d</mark>"
    )
    client.force_login(kwartiermaker)
    page = client.get(URL, {"q": "ciso"}).content.decode()
    assert "<mark>CISO</mark>" in page
    assert "<script>alert" not in page


def test_matching_words_in_a_title_are_marked_too(kwartiermaker, client):
    RiskFactory(title="CISO-rol bij één persoon", description="Uitval bij ziekte.")
    client.force_login(kwartiermaker)
    page = client.get(URL, {"q": "ciso"}).content.decode()
    assert "<mark>CISO</mark>-rol bij één persoon</a>" in page


def test_a_title_with_html_is_shown_as_text(kwartiermaker, client):
    ActionFactory(title="<img src=x onerror=alert(1)> beveiliging")
    client.force_login(kwartiermaker)
    page = client.get(URL, {"q": "beveiliging"}).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>beveiliging</mark>" in page
    assert "<img src=x" not in page


def test_found_immediately_after_an_update_and_after_a_bulk_update(kwartiermaker):
    action = ActionFactory(title="Planning opstellen")
    assert not titles(find(kwartiermaker, "wetgevingsoverzicht"))
    action.title = "Wetgevingsoverzicht opstellen"
    action.save()
    assert titles(find(kwartiermaker, "wetgevingsoverzicht")) == ["Wetgevingsoverzicht opstellen"]
    Action.objects.filter(pk=action.pk).update(title="Archiefwet uitzoeken")
    assert not titles(find(kwartiermaker, "wetgevingsoverzicht"))
    assert titles(find(kwartiermaker, "archiefwet")) == ["Archiefwet uitzoeken"]
    Action.objects.bulk_create(Action(title=f"Archiefwet stap {n}") for n in range(3))
    assert find(kwartiermaker, "archiefwet").total == 4


def test_results_are_grouped_by_kind_with_title_date_workstream_and_link(kwartiermaker):
    workstream = WorkstreamFactory(name="Cybersecurity", slug="cyber")
    decision = DecisionFactory(
        text="Eén CISO voor alle deelnemers.", decided_on=datetime.date(2026, 10, 6)
    )
    decision.workstreams.add(workstream)
    report = StatusReportFactory(
        workstream=workstream, published=True, escalations="Besluit nodig over CISO-capaciteit."
    )
    risk = RiskFactory(workstream=workstream, title="CISO-rol bij één persoon")
    meeting = MeetingFactory(title="Stuurgroep oktober", minutes="De CISO is besproken.")
    milestone = MilestoneFactory(workstream=workstream, title="CISO aangesteld")
    commitment = CommitmentFactory(text="De raad hoort over de CISO.")
    action = ActionFactory(title="CISO-notitie", workstream=workstream)
    found = find(kwartiermaker, "ciso")
    assert kinds(found) == [
        "besluit",
        "notulen",
        "statusrapportage",
        "risico",
        "actie",
        "toezegging",
        "mijlpaal",
    ]
    hits = {group.kind.key: group.hits[0] for group in found.groups}
    assert hits["besluit"].title == decision.number  # nothing to mark in the number
    assert hits["besluit"].date == datetime.date(2026, 10, 6)
    assert hits["besluit"].workstreams == ["Cybersecurity"]
    assert hits["besluit"].url == reverse("governance:decision_detail", args=[decision.pk])
    assert hits["notulen"].url == reverse("governance:meeting_detail", args=[meeting.pk])
    assert hits["statusrapportage"].url == reverse("governance:report_detail", args=[report.pk])
    assert hits["risico"].url == reverse("governance:risk_detail", args=[risk.pk])
    assert hits["actie"].url == reverse("governance:action_detail", args=[action.pk])
    assert hits["toezegging"].url == reverse("governance:commitment_detail", args=[commitment.pk])
    assert hits["mijlpaal"].url == reverse("governance:workstream_detail", args=["cyber"])
    assert hits["mijlpaal"].title == f"{selectors.MARK_START}CISO{selectors.MARK_END} aangesteld"
    assert milestone.title == "CISO aangesteld"


def test_filters_kind_workstream_period_and_mine(kwartiermaker, trekker):
    own = WorkstreamFactory(lead_user=trekker, slug="eigen")
    other = WorkstreamFactory(slug="ander")
    ActionFactory(title="Privacy regelen", workstream=own, owner=kwartiermaker)
    ActionFactory(title="Privacy toetsen", workstream=other, owner=trekker)
    MilestoneFactory(
        title="Privacy beleid klaar", workstream=own, due_date=datetime.date(2026, 3, 1)
    )
    RiskFactory(title="Privacy lek", workstream=other, owner=kwartiermaker)
    assert find(kwartiermaker, "privacy").total == 4
    assert kinds(find(kwartiermaker, "privacy", kind="mijlpaal")) == ["mijlpaal"]
    assert set(titles(find(kwartiermaker, "privacy", workstream=own.pk))) == {
        "Privacy regelen",
        "Privacy beleid klaar",
    }
    period = find(
        kwartiermaker,
        "privacy",
        date_from=datetime.date(2026, 2, 1),
        date_to=datetime.date(2026, 3, 31),
    )
    assert titles(period) == ["Privacy beleid klaar"]
    assert set(titles(find(kwartiermaker, "privacy", mine=True))) == {
        "Privacy regelen",
        "Privacy lek",
    }
    trekker.roles = ["werkstroomtrekker"]
    # A lead's own: their actions and the milestones of the workstream they lead.
    assert set(titles(find(trekker, "privacy", mine=True))) == {
        "Privacy toetsen",
        "Privacy beleid klaar",
    }


def test_an_empty_query_with_mine_lists_my_actions_and_milestones(kwartiermaker):
    ActionFactory(title="Mijn actie", owner=kwartiermaker)
    ActionFactory(title="Andermans actie")
    assert titles(find(kwartiermaker, "", mine=True)) == ["Mijn actie"]


def test_one_kind_is_paginated(kwartiermaker):
    Action.objects.bulk_create(Action(title=f"Archiefwet actie {n}") for n in range(45))
    overview = find(kwartiermaker, "archiefwet")
    assert overview.groups[0].count == 45 and len(overview.groups[0].hits) == selectors.PER_KIND
    pages = [find(kwartiermaker, "archiefwet", kind="actie", page=n) for n in (1, 2, 3)]
    assert [len(p.groups[0].hits) for p in pages] == [20, 20, 5]
    assert pages[0].page_count == 3
    seen = [t for p in pages for t in titles(p)]
    assert len(set(seen)) == 45
    # Out-of-range pages show the nearest page instead of an error.
    assert find(kwartiermaker, "archiefwet", kind="actie", page=99).page_number == 3
    assert find(kwartiermaker, "archiefwet", kind="actie", page=-4).page_number == 1


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", "Typ een of meer woorden"),
        ("   ", "Typ een of meer woorden"),
        ("x" * 1000, "hoogstens 200 tekens"),
        ("de het een", "geen woorden om op te zoeken"),
        ("&|!:*()<->", "geen woorden om op te zoeken"),
        ('"ciso', "resultaat"),
        ("ciso OR privacy -risico", "resultaat"),
        ("'; DROP TABLE governance_decision; --", "Niets gevonden"),
        ("ciso' AND 1=1 --", "Niets gevonden"),
        ("ciso:* & !", "resultaat"),
        ("\\x00\\\\", "Niets gevonden"),
        ("zz", "Niets gevonden"),
        ("a\x00b", "Null"),
    ],
)
def test_bad_input_gets_a_sensible_page_never_an_error(kwartiermaker, client, query, expected):
    RiskFactory(title="CISO-rol")
    client.force_login(kwartiermaker)
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_invalid_filters_get_dutch_errors(kwartiermaker, client):
    client.force_login(kwartiermaker)
    page = client.get(
        URL, {"q": "ciso", "van": "2026-05-01", "tot": "2026-04-01", "soort": "onzin"}
    ).content.decode()
    assert "Deze datum ligt vóór de datum vanaf." in page
    assert "Selecteer een geldige keuze" in page
    response = client.get(URL, {"q": "ciso", "soort": "actie", "pagina": "niet-een-getal"})
    assert response.status_code == 200
    assert client.get(URL, {"q": "ciso", "van": "31-12-2026"}).status_code == 200


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL, {"q": "ciso"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_search_page_accepts_only_get(kwartiermaker, client):
    client.force_login(kwartiermaker)
    assert client.post(URL, {"q": "ciso"}).status_code == 405


@pytest.fixture
def programme_of_size():
    """programme_of_size(n): n records of every kind mentioning 'archiefwet'."""

    def build(n: int, owner=None):
        workstreams = [WorkstreamFactory() for _ in range(3)]
        council = OrganisationFactory()
        for i in range(n):
            ws = workstreams[i % 3]
            decision = DecisionFactory(text=f"Archiefwet besluit {i}")
            decision.workstreams.add(ws)
            meeting = MeetingFactory(minutes=f"Archiefwet besproken {i}")
            meeting.agenda_items.create(position=1, title="Archiefwet", workstream=ws)
            StatusReportFactory(workstream=ws, escalations=f"Archiefwet {i}")
            RiskFactory(workstream=ws, title=f"Archiefwet risico {i}")
            ActionFactory(workstream=ws, title=f"Archiefwet actie {i}", owner=owner)
            CommitmentFactory(council=council, workstream=ws, text=f"Archiefwet toezegging {i}")
            MilestoneFactory(workstream=ws, title=f"Archiefwet mijlpaal {i}")

    return build


# session, user, workstreams, hits with their counts per kind
SEARCH_QUERIES = 4
# ... plus: "are there words at all", the fallback's settings, the fallback's hits
FUZZY_QUERIES = SEARCH_QUERIES + 3


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize(
    "params, queries",
    [
        ({"q": "archiefwet"}, SEARCH_QUERIES),
        ({"q": "archiefwet", "soort": "actie", "pagina": "1"}, SEARCH_QUERIES),
        (
            {"q": "archiefwet", "werkstroom": "first", "van": "2020-01-01", "mijn": "on"},
            SEARCH_QUERIES,
        ),
        ({"q": "archiefwett"}, FUZZY_QUERIES),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, kwartiermaker, programme_of_size, django_assert_num_queries, size, params, queries
):
    programme_of_size(size, owner=kwartiermaker)
    if params.get("werkstroom") == "first":
        params = {**params, "werkstroom": str(selectors.workstream_choices()[0].pk)}
    client.force_login(kwartiermaker)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.status_code == 200


def test_the_filters_keep_what_was_chosen(kwartiermaker, client):
    workstream = WorkstreamFactory(name="Cybersecurity")
    client.force_login(kwartiermaker)
    page = client.get(
        URL,
        {
            "q": "ciso",
            "soort": "risico",
            "werkstroom": workstream.pk,
            "van": "01-02-2026",
            "tot": "2026-03-31",
            "mijn": "on",
        },
    ).content.decode()
    assert '<label class="form-label" for="id_q">Zoeken naar</label>' in page
    assert 'value="ciso"' in page
    assert '<option value="risico" selected>' in page
    assert f'<option value="{workstream.pk}" selected>' in page
    # Dates typed the Dutch way come back in the form a date field understands.
    assert 'value="2026-02-01"' in page and 'value="2026-03-31"' in page
    assert 'name="mijn" id="id_mijn" checked' in page


def test_a_workstream_with_a_five_digit_id_can_be_chosen_and_stays_chosen(kwartiermaker, client):
    """Its option carries the id as the filter reads it back, not as "10.001"."""
    workstream = WorkstreamFactory(name="Cybersecurity")
    assert workstream.pk >= FIRST_ID
    client.force_login(kwartiermaker)
    page = client.get(URL, {"q": "ciso"}).content.decode()
    assert f'<option value="{workstream.pk}">{workstream}</option>' in page
    chosen = client.get(URL, {"q": "ciso", "werkstroom": workstream.pk}).content.decode()
    assert "werkstroom-fout" not in chosen
    assert f'<option value="{workstream.pk}" selected>' in chosen
    assert localized_numbers_in_attributes(chosen) == []
