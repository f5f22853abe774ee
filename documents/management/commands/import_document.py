import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from documents.importer import MAX_IMPORT_BYTES, ImportFileError, document_import
from documents.models import Document


class Command(BaseCommand):
    help = (
        "Import a document's official text from plain text, ITU-style HTML or an export_document "
        "JSON file. Shows a dry-run report first, then applies it in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--document", required=True, help="Slug of the document to fill.")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would change.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Apply without asking for confirmation.",
        )
        parser.add_argument("--user", help="Username the history records the changes under.")
        parser.add_argument("--diff", action="store_true", help="Show every changed paragraph.")

    def handle(self, *args, file, document, dry_run, interactive, user, diff, **options):
        target = Document.objects.select_related("event").filter(slug=document).first()
        if target is None:
            raise CommandError(f"No document with slug '{document}'.")
        history_user = None
        if user:
            history_user = get_user_model().objects.filter(username=user).first()
            if history_user is None:
                raise CommandError(f"No user '{user}'.")
        try:
            size = os.path.getsize(file)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        if size > MAX_IMPORT_BYTES:
            raise CommandError(
                f"{file} is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Nothing was changed."
            )
        with open(file, "rb") as handle:
            data = handle.read()

        try:
            report = document_import(document=target, source=data, dry_run=True)
        except ImportFileError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(f"Dry run for {target.slug} from {file}:")
        for line in report.summary_lines():
            self.stdout.write(f"  {line}")
        changed = report.changed if diff else report.changed[:10]
        for change in changed:
            self.stdout.write(f"  ¶{change.number}:")
            if change.text_changed:
                self.stdout.write(f"    {change.diff_text}")
            for name, (old, new) in change.fields.items():
                self.stdout.write(f"    {name}: {old!r} -> {new!r}")
        if len(report.changed) > len(changed):
            self.stdout.write(f"  … {len(report.changed) - len(changed)} more (use --diff).")

        if dry_run:
            self.stdout.write("Dry run only: nothing was changed.")
            return
        if not report.has_changes:
            self.stdout.write(self.style.SUCCESS("Nothing to change: the document matches."))
            return
        if interactive:
            answer = input("Apply these changes? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                self.stdout.write("Not applied: nothing was changed.")
                return

        def progress(done, total):
            if done == total or done % 25 == 0:
                self.stdout.write(f"  {done}/{total} paragraphs written")

        try:
            report = document_import(
                document=target,
                source=data,
                dry_run=False,
                user=history_user,
                filename=os.path.basename(file),
                progress=progress,
            )
        except ImportFileError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {len(report.new)} new, {len(report.changed)} changed, "
                f"{len(report.matched)} unchanged."
            )
        )
