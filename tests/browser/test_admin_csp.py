"""Django's admin (and the editorial screens) work under the strict CSP: Chromium reports no
violation on the pages an editor uses, including autocomplete, inlines and history."""

import pytest
from django.contrib.auth.models import User

from documents.models import Document, Paragraph


@pytest.fixture
def page(browser, live_server):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.violations.append(f"{page.url}: {message.text}")
        ),
    )
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_raise_no_csp_violation(page, live_server, browse_data):
    User.objects.create_superuser("csp-admin", password="a long test password")
    document = Document.objects.get(slug="tunis-agenda")
    paragraph = Paragraph.objects.filter(document=document).first()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "a long test password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    for path in [
        "/admin/",
        "/admin/documents/document/",
        f"/admin/documents/document/{document.pk}/change/",
        f"/admin/documents/document/{document.pk}/history/",
        "/admin/documents/document/add/",
        f"/admin/documents/paragraph/{paragraph.pk}/change/",
        "/admin/actionlines/actionline/",
        "/admin/auth/user/add/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")

    # Widgets that build markup in JavaScript: autocomplete (select2), the date picker,
    # "add another" inline rows, collapsible fieldsets.
    page.goto(f"{live_server.url}/admin/documents/document/{document.pk}/change/")
    page.locator(".select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    if page.locator(".datetimeshortcuts a").count():
        page.locator(".datetimeshortcuts a").last.click()
    if page.locator(".add-row a").count():
        page.locator(".add-row a").first.click()
    page.wait_for_timeout(300)

    assert page.violations == [], "\n".join(page.violations)
