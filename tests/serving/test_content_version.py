"""Every content table bumps the content version, once per transaction, whoever writes."""

import pytest
from django.apps import apps
from django.db import connection, transaction

from documents.models import Theme
from wsis_portal.middleware import content_state

pytestmark = pytest.mark.django_db


def content_tables():
    for label in ("documents", "actionlines"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model.__name__.startswith("Historical"):
                yield model._meta.db_table
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    yield field.remote_field.through._meta.db_table


def test_every_content_table_has_the_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'wsis_content_version'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    missing = set(content_tables()) - triggered
    assert not missing, f"add the wsis_content_version trigger to {sorted(missing)}"


def test_each_statement_is_a_new_version_and_the_time_moves_once_per_transaction():
    v0, t0 = content_state(using="default")
    Theme.objects.create(name="A", slug="a")
    v1, t1 = content_state(using="default")
    Theme.objects.update(name="B")
    v2, t2 = content_state(using="default")
    assert v0 < v1 < v2
    assert t0 < t1 == t2  # the test is one transaction


def test_a_rolled_back_version_number_is_never_reused():
    before, _ = content_state(using="default")
    with pytest.raises(RuntimeError), transaction.atomic():
        Theme.objects.create(name="A", slug="a")
        raise RuntimeError
    assert content_state(using="default")[0] == before
    Theme.objects.create(name="B", slug="b")
    assert content_state(using="default")[0] > before + 1


@pytest.mark.django_db(transaction=True)
def test_committed_transactions_each_get_a_new_version_and_second():
    versions = []
    for name in ("first", "second"):
        with transaction.atomic():
            Theme.objects.create(name=name, slug=name)
        versions.append(content_state(using="default"))
    (v1, t1), (v2, t2) = versions
    assert v2 > v1
    assert int(t2.timestamp()) > int(t1.timestamp())


@pytest.mark.django_db(transaction=True)
def test_the_version_query_replaces_a_connection_that_died_between_requests():
    import psycopg2

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    other = psycopg2.connect(**params)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    connection.health_check_done = False  # as at the start of a request
    version, _ = content_state(using="default")
    assert version and connection.connection.info.backend_pid != pid
