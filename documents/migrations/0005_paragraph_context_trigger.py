from django.db import migrations

# A paragraph's search vector weighs in its document's title and its section's heading.
# A generated column can only read its own row, so these triggers keep a copy of both in
# documents_paragraph.context, whoever writes: the admin, the importer, bulk loads or SQL.
CREATE = """
CREATE FUNCTION documents_paragraph_set_context() RETURNS trigger AS $$
BEGIN
    NEW.context := concat_ws(' ',
        (SELECT title FROM documents_document WHERE id = NEW.document_id),
        (SELECT heading FROM documents_section WHERE id = NEW.section_id));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER paragraph_context
    BEFORE INSERT OR UPDATE OF document_id, section_id ON documents_paragraph
    FOR EACH ROW EXECUTE FUNCTION documents_paragraph_set_context();

CREATE FUNCTION documents_refresh_paragraph_context() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'documents_document' THEN
        UPDATE documents_paragraph SET document_id = document_id WHERE document_id = NEW.id;
    ELSE
        UPDATE documents_paragraph SET section_id = section_id WHERE section_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER document_title_context
    AFTER UPDATE OF title ON documents_document
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION documents_refresh_paragraph_context();

CREATE TRIGGER section_heading_context
    AFTER UPDATE OF heading ON documents_section
    FOR EACH ROW WHEN (OLD.heading IS DISTINCT FROM NEW.heading)
    EXECUTE FUNCTION documents_refresh_paragraph_context();
"""

DROP = """
DROP TRIGGER IF EXISTS section_heading_context ON documents_section;
DROP TRIGGER IF EXISTS document_title_context ON documents_document;
DROP FUNCTION IF EXISTS documents_refresh_paragraph_context();
DROP TRIGGER IF EXISTS paragraph_context ON documents_paragraph;
DROP FUNCTION IF EXISTS documents_paragraph_set_context();
"""


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_search_vectors")]

    operations = [migrations.RunSQL(CREATE, DROP)]
