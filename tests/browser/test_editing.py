"""An editor edits and links a paragraph, a publisher publishes, history shows it, a revert undoes.

Drives Debian's Chromium through Playwright against pytest-django's live server.
"""

# ruff: noqa: F811 - the editorial fixtures are imported, then requested by name

import pytest

from tests.editorial.conftest import (  # noqa: F401 - fixtures
    action_line,
    document,
    editor,
    event,
    groups,
    paragraphs,
    publisher,
)

PASSWORD = "correct horse battery"


def log_in(browser, live_server, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "/admin/login/" not in page.url
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_edit_link_publish_history_and_revert(
    live_server,
    browser,
    editor,
    publisher,
    document,
    paragraphs,
    action_line,
):
    paragraph = paragraphs[1]
    public_url = f"{live_server.url}{paragraph.get_absolute_url()}"

    # The editor edits the paragraph's summary and links it to C5, on the document's page.
    page = log_in(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/admin/documents/document/{document.pk}/change/")
    assert page.locator("#id_status").count() == 0  # editors cannot publish
    index = page.eval_on_selector_all(
        "input[name$='-number']",
        "(els, n) => els.find(e => e.value === String(n)).name.split('-')[1]",
        paragraph.number,
    )
    page.fill(f"#id_paragraphs-{index}-summary", "A summary the editor rewrote.")
    container = page.locator(f"#id_paragraphs-{index}-action_lines + .select2")
    container.locator(".select2-search__field").fill("C5")
    page.locator(".select2-results__option", has_text="C5").first.click()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # Still a draft: nobody outside sees it.
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(public_url).status == 404

    # The publisher publishes it from the list.
    boss = log_in(browser, live_server, publisher.username)
    boss.goto(f"{live_server.url}/admin/documents/document/")
    boss.check(f"input[name=_selected_action][value='{document.pk}']")
    boss.select_option("select[name=action]", "publish")
    boss.click("button[name=index]")
    boss.wait_for_selector(".messagelist .success")

    # The public page shows the change and the link.
    response = anonymous.goto(public_url)
    assert response.status == 200
    body = anonymous.content()
    assert "A summary the editor rewrote." in body
    assert "C5" in body

    # The history shows the difference word by word, and a revert brings the old text back.
    page.goto(f"{live_server.url}/admin/documents/paragraph/{paragraph.pk}/history/")
    diff = page.locator("dd[data-field=summary]").first
    assert "rewrote" in " ".join(diff.locator("ins").all_inner_texts())
    assert "Summary" in " ".join(diff.locator("del").all_inner_texts())
    page.locator("tr.version").last.locator("button", has_text="Revert").click()
    page.wait_for_selector(".messagelist .success")
    assert "Reverted to the version of" in page.content()

    anonymous.goto(public_url)
    body = anonymous.content()
    assert "Summary 2." in body
    assert "A summary the editor rewrote." not in body
