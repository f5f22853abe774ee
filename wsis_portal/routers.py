"""Public reads from a streaming replica; everything else from the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database alias. Reads go to it only
inside `public_reads()`, which the page middleware enters for anonymous GET/HEAD requests
outside the admin. Writes, admin pages, logged-in editors (who must see their own changes at
once), management commands and the shell all use the primary. Without the alias this router
sends everything to `default`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
_public_reads = ContextVar("wsis_public_reads", default=False)


@contextmanager
def public_reads():
    """Within this block, reads may be served by the replica."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


def read_alias():
    """The alias that a read made here would use."""
    if _public_reads.get() and REPLICA in connections.settings:
        return REPLICA
    return "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Only the primary is migrated; the replica follows it by streaming replication.
        return db == "default"
