from django.db import migrations

# The action-line tables bump the content version too (see
# documents/migrations/0007_content_version.py, which owns the table and the function).
TABLES = [
    "actionlines_actionline",
    "actionlines_paragraphlink",
    "actionlines_organization",
    "actionlines_facilitation",
    "actionlines_sdg",
    "actionlines_sdglink",
    "actionlines_target",
]

TRIGGER = """
CREATE TRIGGER wsis_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION wsis_bump_content_version();
"""

DROP = "DROP TRIGGER wsis_content_version ON {table};"


class Migration(migrations.Migration):
    dependencies = [
        ("actionlines", "0004_editorial_groups"),
        ("documents", "0007_content_version"),
    ]

    operations = [
        migrations.RunSQL(
            "".join(TRIGGER.format(table=table) for table in TABLES),
            "".join(DROP.format(table=table) for table in TABLES),
        ),
    ]
