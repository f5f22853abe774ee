from django.db import migrations

# English, French and Spanish configurations that also ignore accents ("Geneve" finds
# "Genève"). Russian and Arabic use PostgreSQL's own configurations unchanged.
LANGUAGES = ["english", "french", "spanish"]

CREATE = "\n".join(
    f"""
    CREATE TEXT SEARCH CONFIGURATION {language}_unaccent (COPY = {language});
    ALTER TEXT SEARCH CONFIGURATION {language}_unaccent
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem;
    """
    for language in LANGUAGES
)
DROP = "\n".join(
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {language}_unaccent;" for language in LANGUAGES
)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
