from django.db import migrations

# One row that changes whenever published content may have changed: its version and time feed
# the public pages' ETag, Last-Modified and page-cache key (wsis_portal/middleware.py).
#
# Statement-level triggers keep it current whoever writes: the admin, the importer, loaddata,
# bulk_create, update() or raw SQL. Each statement takes a new version (so even a page read
# later in the same transaction is current); the version comes from a sequence, which a
# rollback does not rewind, so a number is never reused for other content. changed_at advances
# by at least a second per transaction (a transaction-local setting remembers the first bump,
# and is undone with a rolled-back savepoint), so that every committed version has its own
# Last-Modified second (HTTP dates have no fractions) and If-Modified-Since is exact.
# The NOTIFY is delivered at commit, for listeners that would rather not poll.
#
# actionlines/migrations/0005_content_version_triggers.py attaches the same trigger to the
# action-line tables; tests/serving/test_content_version.py checks that every content table has it.
CREATE = """
CREATE SEQUENCE wsis_content_version_seq;
CREATE TABLE wsis_content_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO wsis_content_version (id, version, changed_at)
    VALUES (1, nextval('wsis_content_version_seq'), clock_timestamp());

CREATE FUNCTION wsis_bump_content_version() RETURNS trigger AS $$
DECLARE
    first_in_transaction boolean :=
        current_setting('wsis.content_version_bumped', true) IS DISTINCT FROM 'yes';
BEGIN
    UPDATE wsis_content_version
       SET version = nextval('wsis_content_version_seq'),
           changed_at = CASE WHEN first_in_transaction
                             THEN greatest(changed_at + interval '1 second', clock_timestamp())
                             ELSE changed_at END
     WHERE id = 1;
    IF first_in_transaction THEN
        PERFORM set_config('wsis.content_version_bumped', 'yes', true);
        PERFORM pg_notify('wsis_content_version', '');
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = [
    "documents_event",
    "documents_document",
    "documents_section",
    "documents_paragraph",
    "documents_theme",
    "documents_paragraph_themes",
]

TRIGGER = """
CREATE TRIGGER wsis_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION wsis_bump_content_version();
"""

DROP = """
DROP FUNCTION wsis_bump_content_version() CASCADE;
DROP TABLE wsis_content_version;
DROP SEQUENCE wsis_content_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_history"),
    ]

    operations = [
        migrations.RunSQL(
            CREATE + "".join(TRIGGER.format(table=table) for table in TABLES),
            DROP,
        ),
    ]
