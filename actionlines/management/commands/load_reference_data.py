from django.core.management.base import BaseCommand

from actionlines.reference_data import OUTCOMES, reference_data_load


class Command(BaseCommand):
    help = (
        "Load the reference data in fixtures/ (events, documents, sections, paragraphs, themes, "
        "action lines, organizations, SDGs, targets). Adds what is missing; leaves records an "
        "editor changed alone unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Set existing records back to the fixture's values (official texts are kept).",
        )

    def handle(self, *args, update=False, **options):
        counts = reference_data_load(update=update)
        width = max(map(len, counts))
        self.stdout.write(f"{'':{width}}  " + "".join(f"{o:>10}" for o in OUTCOMES))
        for label, row in counts.items():
            self.stdout.write(f"{label:{width}}  " + "".join(f"{row[o]:>10}" for o in OUTCOMES))
        kept = sum(row["kept"] for row in counts.values())
        if kept and not update:
            self.stdout.write(
                f"{kept} record(s) differ from the fixtures and were kept as edited; "
                "use --update to overwrite them."
            )
