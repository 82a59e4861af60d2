from decimal import Decimal

import pytest
from playwright.sync_api import expect

from maturity import seed as maturity_seed
from tests.maturity.factories import make_round, make_submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_round(db):
    maturity_seed.seed({})
    return make_round(2025)


def test_respondent_fills_in_submits_and_sees_the_new_position(
    page, login, open_round, respondent, tholen, assert_accessible
):
    make_submitted(open_round, tholen, value=Decimal("3.50"))
    login("rs")
    page.get_by_role("link", name="Digitale volwassenheid").click()
    expect(page.get_by_role("heading", name="Digitale volwassenheid")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Scores invullen").click()
    expect(page.get_by_role("heading", name="Zelfscore Roosendaal")).to_be_visible()
    assert_accessible()
    fieldsets = page.locator("fieldset")
    count = fieldsets.count()
    # Half now, saved as a draft.
    for index in range(count // 2):
        fieldsets.nth(index).get_by_label("4", exact=True).check()
    # Saved as they go: the draft is stored without pressing a button.
    expect(page.get_by_role("status")).to_have_text(
        f"Concept automatisch opgeslagen: {count // 2} van {count} vragen beantwoord."
    )
    page.reload()
    expect(page.get_by_text(f"Beantwoord: {count // 2} van {count}.")).to_be_visible()
    fieldsets.nth(count // 2).get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Concept opgeslagen.")).to_be_visible()
    expect(page.get_by_text(f"Beantwoord: {count // 2 + 1} van {count}.")).to_be_visible()
    # Submitting too early names what is missing, accessibly.
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("Beantwoord alle vragen voordat u indient")).to_be_visible()
    assert_accessible()
    for index in range(count // 2, count):
        fieldsets.nth(index).get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", name="Scores indienen")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Ja, scores indienen").click()
    expect(page.get_by_text("Uw scores zijn ingediend.")).to_be_visible()
    table = page.locator("#kwadrant-tabel")
    expect(table.get_by_role("row", name="Roosendaal 4,00 4,00 toekomstvoorbereid")).to_be_visible()
    expect(
        page.get_by_alt_text("Roosendaal: 4,00 en 4,00, kwadrant toekomstvoorbereid.", exact=False)
    ).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Roosendaal").first.click()
    expect(page.get_by_role("heading", name="Profiel tegen de benchmark")).to_be_visible()
    assert_accessible()


def test_kwartiermaker_pages_are_accessible(
    page, login, open_round, kwartiermaker, tholen, assert_accessible
):
    make_submitted(open_round, tholen, value=Decimal("3.50"))
    login("km")
    page.goto(f"/volwassenheid/metingen/2025/organisaties/{tholen.slug}/")
    expect(page.get_by_role("heading", name="Doelen voor de volgende meting")).to_be_visible()
    assert_accessible()
    page.goto("/volwassenheid/metingen/2025/")
    expect(page.get_by_role("heading", name="Beheer van de meting")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Scores of benchmark importeren").click()
    assert_accessible()
    csv = "kenmerk,gemiddelde\nonbekend,3\ndigitaal-talent,9\n"
    page.get_by_label("Soort gegevens").select_option(label="Benchmarkwaarden")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "b.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("Onbekend kenmerk 'onbekend'.")).to_be_visible()
    expect(page.get_by_role("button", name="inlezen")).to_have_count(0)
    assert_accessible()
    good = "kenmerk;gemiddelde;spreiding\ndigitaal-talent;3,1;0,5\n"
    page.get_by_label("Soort gegevens").select_option(label="Benchmarkwaarden")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "b.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.get_by_role("button", name="1 regel inlezen").click()
    expect(page.get_by_text("1 regel ingelezen.")).to_be_visible()
    page.get_by_label("Reden voor heropenen Tholen").fill("Verkeerde afdeling ingevuld")
    page.get_by_role("button", name="Heropenen Tholen").click()
    expect(page.get_by_text("De scores zijn heropend.")).to_be_visible()
    expect(page.get_by_text("Verkeerde afdeling ingevuld")).to_be_visible()
    assert_accessible()
    page.goto("/volwassenheid/metingen/2025/")
    page.get_by_role("button", name="Meting sluiten").click()
    page.get_by_role("button", name="Ja, meting sluiten").click()
    expect(page.get_by_text("Status: Gesloten")).to_be_visible()
    page.goto("/volwassenheid/metingen/nieuw/")
    assert_accessible()
