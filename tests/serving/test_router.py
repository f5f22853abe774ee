"""The replica router, with two local aliases: `default` and `replica` (the same test database
through a second connection, as a streaming replica would be)."""

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test.utils import CaptureQueriesContext

from documents.models import Event
from wsis_portal import routers


@pytest.fixture
def replica(production_http):
    connections.settings[routers.REPLICA] = {**connections["default"].settings_dict}
    yield routers.REPLICA
    connections[routers.REPLICA].close()
    del connections[routers.REPLICA]
    del connections.settings[routers.REPLICA]


def test_without_a_replica_everything_uses_the_primary():
    router = routers.ReplicaRouter()
    with routers.public_reads():
        assert router.db_for_read(Event) == "default"
    assert router.db_for_write(Event) == "default"


@pytest.fixture
def committed(django_db_blocker):
    """A committed event and editor, seen by both connections. pytest-django's database marks
    only know the aliases in settings, so this test opens the database and cleans up itself."""
    with django_db_blocker.unblock():
        event = Event.objects.create(
            slug="router-test", name="Router test", kind="summit_phase", start_date="2003-12-10"
        )
        editor = User.objects.create_superuser("router-editor", password="x")
        try:
            yield event, editor
        finally:
            event.delete()
            editor.delete()
            connections["default"].close()  # opened outside pytest-django's care


def test_public_reads_go_to_the_replica_and_the_rest_to_the_primary(
    client, django_db_blocker, replica, committed
):
    router = routers.ReplicaRouter()
    assert router.db_for_read(Event) == "default"  # outside a request: the shell, commands
    with routers.public_reads():
        assert router.db_for_read(Event) == replica
        assert router.db_for_write(Event) == "default"
    assert router.allow_migrate(replica, "documents") is False

    event, editor = committed
    with (
        django_db_blocker.unblock(),
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica]) as copy,
    ):
        assert client.get(event.get_absolute_url()).status_code == 200
    assert len(copy) >= 2  # the content version and the page's own reads
    assert not primary.captured_queries

    client.force_login(editor)
    with (
        django_db_blocker.unblock(),
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica]) as copy,
    ):
        assert client.get(event.get_absolute_url()).status_code == 200
        assert client.get("/admin/documents/event/").status_code == 200
    assert primary.captured_queries and not copy.captured_queries
