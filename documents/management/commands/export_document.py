from django.core.management.base import BaseCommand, CommandError

from documents.exporter import document_export_json
from documents.models import Document


class Command(BaseCommand):
    help = "Write a document and its paragraphs as JSON, which import_document reads back."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The document's slug, e.g. tunis-agenda.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, slug, output=None, **options):
        document = Document.objects.select_related("event").filter(slug=slug).first()
        if document is None:
            raise CommandError(f"No document with slug '{slug}'.")
        data = document_export_json(document=document)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(data)
            self.stderr.write(f"Wrote {document.slug} to {output}.")
        else:
            self.stdout.write(data, ending="")
