"""A reader searches: types a query, narrows it with a facet, follows a hit to its paragraph."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def site(live_server, transactional_db):
    cache.clear()
    call_command("load_reference_data", verbosity=0)
    return live_server.url


def test_search_facet_and_follow_a_hit_to_its_paragraph(browser, site):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/")
    page.get_by_role("link", name="Search", exact=True).first.click()
    page.get_by_label("Search paragraphs, action lines, documents and events").fill(
        "internet governance forum"
    )
    page.get_by_role("button", name="Search").click()
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").count() > 0

    page.locator(".facet", has_text="Document").get_by_role(
        "link", name=re.compile("Tunis Agenda")
    ).click()
    assert "document=tunis-agenda" in page.url
    kinds = page.locator(".hit-kind").all_text_contents()
    assert "Paragraph" in kinds and set(kinds) <= {"Paragraph", "Document"}

    first = page.locator(".hit", has=page.locator(".hit-kind", has_text="Paragraph")).first
    first = first.locator("h3 a")
    target = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(r"/documents/tunis-agenda/#para-\d+$"))
    anchor = target.split("#")[1]
    assert page.locator(f"#{anchor}").is_visible()


def test_a_paragraph_reference_goes_straight_to_the_paragraph(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/search/")
    page.get_by_label("Search paragraphs, action lines, documents and events").fill("TA 72")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/documents/tunis-agenda/72/")
    assert "72" in page.locator("h1").inner_text()


def test_search_page_passes_axe(browser, site):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(f"{site}/search/?q=financing")
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
