"""A reader's journey in Debian's Chromium, driven by Playwright, with axe-core checks.

Uses the reference data (load_reference_data) in a live server.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def site(live_server, transactional_db):
    from actionlines.models import ActionLine, ParagraphLink
    from documents.models import Paragraph

    cache.clear()
    call_command("load_reference_data", verbosity=0)
    paragraph = Paragraph.objects.get(document__slug="tunis-agenda", number=72)
    if not paragraph.action_lines.exists():
        # The reference data links no Tunis Agenda paragraph to an action line yet; the journey
        # needs one, so this test (only) adds it.
        ParagraphLink.objects.create(
            action_line=ActionLine.objects.get(slug="c6"), paragraph=paragraph
        )
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_reader_goes_from_home_to_a_paragraph_and_its_action_line(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="Read the documents").click()
    page.get_by_role("link", name="Tunis Agenda for the Information Society").click()
    assert page.url == site + "/documents/tunis-agenda/"
    assert page.locator("[id^=para-]").count() == 122
    page.locator("#para-72 .para-num a").click()
    assert page.url == site + "/documents/tunis-agenda/72/"
    assert page.get_by_role("heading", level=1).inner_text() == "Paragraph 72"
    line_link = page.locator("section[aria-labelledby=lines-heading] a").first
    target = line_link.get_attribute("href")
    line_link.click()
    assert page.url == site + target and target.startswith("/action-lines/")
    page.go_back()
    assert page.url == site + "/documents/tunis-agenda/72/"


def test_reader_filters_the_document_list(site, page):
    page.goto(site + "/documents/")
    total = page.locator(".cards > li").count()
    page.locator("#facet-event + ul a", has_text="Tunis").first.click()
    assert "event=tunis-2005" in page.url
    titles = page.locator(".cards h3").all_inner_texts()
    assert 0 < len(titles) < total
    assert "Tunis Agenda for the Information Society" in titles
    assert page.locator("#facet-event + ul a[aria-current]").count() == 1
    # The selected choice toggles the filter off again.
    page.locator("#facet-event + ul a[aria-current]").click()
    assert page.locator(".cards > li").count() == total


def test_reader_opens_a_permalink_and_copies_its_citation(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "/documents/tunis-agenda/72/")
    citation = page.locator("#citation").inner_text()
    assert "Tunis Agenda for the Information Society" in citation
    assert citation.endswith("/documents/tunis-agenda/72/")
    button = page.get_by_role("button", name="Copy citation")
    assert button.is_visible()
    button.click()
    page.locator(".copy-status", has_text="copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == citation
    context.close()


def test_citation_is_visible_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/documents/tunis-agenda/72/")
    assert page.locator("#citation").is_visible()
    assert not page.get_by_role("button", name="Copy citation").is_visible()
    context.close()


PAGES = [
    "/",
    "/events/",
    "/events/tunis-2005/",
    "/documents/",
    "/documents/?event=tunis-2005&type=nonsense",
    "/documents/tunis-agenda/",
    "/documents/tunis-agenda/72/",
    "/action-lines/",
    "/action-lines/?org=itu&role=lead",
    "/action-lines/c5/",
    "/action-lines/c7-e-health/",
    "/organizations/itu/",
    "/no-such-page/",
]


def test_pages_have_no_serious_axe_violations(site, page):
    for path in PAGES:
        page.goto(site + path)
        assert serious_violations(page) == [], path


def test_document_page_fits_a_phone(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in ["/documents/tunis-agenda/", "/documents/tunis-agenda/72/", "/action-lines/c5/"]:
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
