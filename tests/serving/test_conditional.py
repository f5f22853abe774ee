"""ETag/Last-Modified, 304s and the page cache: an edit is visible on the next request."""

import gzip

import pytest
from django.db import connection
from django.utils.http import parse_http_date

from documents.models import Event, Paragraph

pytestmark = pytest.mark.django_db

PAGE = "/events/geneva-2003/"


@pytest.fixture
def page(client, production_http, browse_data):
    response = client.get(PAGE)
    assert response.status_code == 200
    return response


def test_if_none_match_gets_304_without_a_body(client, page):
    response = client.get(PAGE, headers={"if-none-match": page["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == page["ETag"]


def test_if_modified_since_gets_304(client, page):
    response = client.get(PAGE, headers={"if-modified-since": page["Last-Modified"]})
    assert response.status_code == 304


def test_a_stale_etag_gets_the_page(client, page):
    response = client.get(PAGE, headers={"if-none-match": 'W/"1-0"'})
    assert response.status_code == 200


def test_second_request_is_served_from_the_cache(client, page, django_assert_num_queries):
    assert page["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version, nothing else
        response = client.get(PAGE)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == page.content
    assert response["ETag"] == page["ETag"]


def test_orm_edit_is_visible_on_the_next_request(client, page):
    event = Event.objects.get(slug="geneva-2003")
    event.summary = "A summary edited a moment ago."
    event.save()
    response = client.get(PAGE, headers={"if-none-match": page["ETag"]})
    assert response.status_code == 200
    assert b"A summary edited a moment ago." in response.content
    assert response["ETag"] != page["ETag"]
    assert response["X-Page-Cache"] == "miss"


def test_raw_sql_and_bulk_edits_are_visible_on_the_next_request(client, page):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_event SET summary = 'Changed by raw SQL.' WHERE slug = %s",
            ["geneva-2003"],
        )
    response = client.get(PAGE)
    assert b"Changed by raw SQL." in response.content

    Event.objects.filter(slug="geneva-2003").update(summary="Changed by update().")
    assert b"Changed by update()." in client.get(PAGE).content


def test_a_change_to_another_table_also_invalidates(client, page):
    # Pages show related content (paragraphs, action lines…): any content change is a new version.
    Paragraph.objects.update(summary="x")
    assert client.get(PAGE, headers={"if-none-match": page["ETag"]}).status_code == 200


@pytest.mark.django_db(transaction=True)  # committed changes, as in production
def test_last_modified_moves_forward_at_each_committed_change(client, production_http, browse_data):
    # browse_data committed each row on its own, pushing the version's time a second further
    # each time; start from a settled version, an hour old.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wsis_content_version SET changed_at = now() - interval '1 hour'")
    first = client.get(PAGE)
    Event.objects.filter(slug="geneva-2003").update(name="Renamed")
    second = client.get(PAGE, headers={"if-modified-since": first["Last-Modified"]})
    assert second.status_code == 200
    assert b"Renamed" in second.content
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    third = client.get(PAGE, headers={"if-modified-since": second["Last-Modified"]})
    assert third.status_code == 304


def test_no_last_modified_while_the_version_time_is_ahead_of_the_clock(client, page):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wsis_content_version SET changed_at = now() + interval '1 hour'")
    response = client.get(PAGE)
    assert "Last-Modified" not in response and "ETag" in response


def test_gzip_for_clients_that_accept_it(client, page):
    response = client.get(PAGE, headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == page.content
    assert int(response["Content-Length"]) == len(response.content)
    assert "Content-Encoding" not in client.get(PAGE)


def test_query_strings_are_separate_pages(client, production_http, browse_data):
    first = client.get("/documents/?type=agenda")
    second = client.get("/documents/?type=declaration")
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    assert client.get("/documents/?type=agenda").content == first.content


def test_404_is_not_cached_and_has_no_etag(client, production_http, browse_data):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    assert "ETag" not in response and "X-Page-Cache" not in response


def test_logged_in_editor_bypasses_the_cache(client, production_http, admin_user, browse_data):
    anonymous = client.get(PAGE)
    client.force_login(admin_user)
    response = client.get(PAGE, headers={"if-none-match": anonymous["ETag"]})
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_admin_and_healthz_are_never_cached(client, production_http):
    for path in ("/admin/login/", "/healthz"):
        response = client.get(path)
        assert "ETag" not in response and "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_page_cache_can_be_turned_off_keeping_304s(client, page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get(PAGE)
    assert "X-Page-Cache" not in response and response["ETag"] == page["ETag"]
    assert client.get(PAGE, headers={"if-none-match": page["ETag"]}).status_code == 304
