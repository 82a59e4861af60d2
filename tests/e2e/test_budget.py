import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_draw_on_onvoorzien_is_proposed_approved_and_shows_in_the_overview(
    page, login, seeded, kwartiermaker, stuurgroeplid, assert_accessible
):
    login("km")
    page.get_by_role("link", name="Begroting", exact=True).click()
    expect(page.get_by_role("heading", name="Gezamenlijke begroting")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Begroting 2024").click()
    expect(page.get_by_role("cell", name="€\u00a0640.000,00").first).to_be_visible()
    assert_accessible()

    page.get_by_role("link", name="Wijzigingen").click()
    assert_accessible()
    page.get_by_role("link", name="Wijziging voorstellen").click()
    page.get_by_label("Soort wijziging").select_option(label="Onttrekking aan Onvoorzien")
    page.get_by_label("Van post").select_option(label="Onvoorzien (2024)")
    page.get_by_label("Naar post").select_option(label="Digitale volwassenheid (2024)")
    page.get_by_label("Bedrag").fill("10.000,00")
    page.get_by_label("Motivering").fill("Tweede meting volwassenheid")
    assert_accessible()
    page.get_by_role("button", name="Voorstellen").click()
    expect(page.get_by_text("telt pas mee na goedkeuring")).to_be_visible()
    assert_accessible()
    page.goto("/begroting/2024/")
    expect(page.get_by_text("wacht op goedkeuring")).to_be_visible()
    expect(page.get_by_role("row", name="Onvoorzien")).to_contain_text("€\u00a050.000,00")

    page.get_by_role("button", name="Uitloggen").click()
    login("sg")
    page.goto("/begroting/2024/wijzigingen/")
    page.get_by_role("link", name="Onttrekking aan Onvoorzien").click()
    expect(page.get_by_role("button", name="Afwijzen")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Goedkeuren").click()
    # Nothing is booked until the confirmation page's button is pressed.
    expect(page.get_by_role("heading", name="Begrotingswijziging goedkeuren")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Ja, goedkeuren").click()
    expect(page.get_by_text("goedgekeurd en verwerkt")).to_be_visible()
    assert_accessible()

    page.goto("/begroting/2024/")
    expect(page.get_by_role("row", name="Onvoorzien")).to_contain_text("€\u00a040.000,00")
    expect(page.get_by_role("row", name="Digitale volwassenheid")).to_contain_text(
        "€\u00a035.000,00"
    )
    page.get_by_role("link", name="Deelnemers").click()
    # Each participant's part of the line follows: 35.000 / 5.
    tholen = page.get_by_role("table", name="Deel van Tholen per post")
    expect(tholen.get_by_role("row", name="Digitale volwassenheid")).to_contain_text(
        "€\u00a07.000,00"
    )
    assert_accessible()
    page.get_by_role("link", name="Verloop").click()
    expect(
        page.get_by_role("img", name="Lijndiagram: het resterende budget 2024", exact=False)
    ).to_be_visible()
    assert_accessible()


def test_kwartiermaker_books_an_entry_and_an_overrun_is_refused(
    page, login, seeded, kwartiermaker, assert_accessible
):
    login("km")
    page.goto("/begroting/2024/boekingen/")
    assert_accessible()
    page.get_by_role("link", name="Nieuwe boeking").click()
    page.get_by_label("Begrotingspost").select_option(label="Veranderopgave / teambuilding (2024)")
    page.get_by_label("Soort").select_option(label="Uitgave")
    page.get_by_label("Datum").fill("2024-03-01")
    page.get_by_label("Bedrag").fill("15.000,01")
    page.get_by_label("Omschrijving").fill("Teamdag")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Deze boeking brengt de post")).to_be_visible()
    assert_accessible()
    page.get_by_label("Bedrag").fill("1.500,00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De boeking is opgeslagen")).to_be_visible()
    expect(page.get_by_role("cell", name="€\u00a01.500,00")).to_be_visible()
    page.get_by_role("link", name="Teamdag").click()  # the entry's read-only page
    expect(page.get_by_text("€\u00a01.500,00")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Bewerken").click()
    expect(page.get_by_label("Bedrag")).to_have_value("1500,00")
    assert_accessible()


def test_kwartiermaker_imports_entries_with_a_preview(
    page, login, seeded, kwartiermaker, assert_accessible, tmp_path
):
    header = "post;soort;credit;datum;bedrag;omschrijving;leverancier;kenmerk;status;overschrijding"
    good = "Onvoorzien;uitgave;nee;01-02-2024;1.000,00;Workshop;Bureau;F1;definitief;nee"
    bad = "Onvoorzien;uitgave;nee;01-02-2025;12,345;Fout;Bureau;F2;definitief;nee"
    wrong = tmp_path / "fout.csv"
    wrong.write_text(f"{header}\n{good}\n{bad}\n", encoding="utf-8")
    right = tmp_path / "goed.csv"
    right.write_text(f"{header}\n{good}\n", encoding="utf-8")
    login("km")
    page.goto("/begroting/2024/boekingen/")
    page.get_by_role("link", name="Boekingen inlezen").click()
    assert_accessible()
    page.get_by_label("Bestand").set_input_files(str(wrong))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("2 fouten gevonden")).to_be_visible()
    assert_accessible()
    page.get_by_label("Bestand").set_input_files(str(right))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    expect(page.get_by_text("1 regel is in orde")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="1 regel inlezen").click()
    expect(page.get_by_text("1 regel ingelezen")).to_be_visible()
    expect(page.get_by_role("cell", name="Workshop")).to_be_visible()


def test_a_griffier_sees_their_councils_share_and_a_respondent_no_budget(
    page, login, seeded, respondent, griffier, assert_accessible
):
    login("gr")
    page.get_by_role("link", name="Begroting", exact=True).click()
    page.goto("/begroting/2025/")
    expect(page.get_by_role("row", name="Gemeente Roosendaal")).to_contain_text("€\u00a0130.000,00")
    expect(page.get_by_role("row", name="Gemeente Tholen")).to_have_count(0)
    assert_accessible()
    page.get_by_role("button", name="Uitloggen").click()
    login("rs")
    expect(page.get_by_role("link", name="Begroting", exact=True)).to_have_count(0)
    page.goto("/begroting/")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
