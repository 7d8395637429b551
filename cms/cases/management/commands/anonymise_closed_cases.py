"""``manage.py anonymise_closed_cases [--dry-run]``: the retention clean-up (``cms.cases.retention``) at
once, or with ``--dry-run`` what it would do, changing nothing. The scheduler runs it daily."""

from django.core.management.base import BaseCommand

from cms.cases import retention


class Command(BaseCommand):
    help = "Anonymise residents' personal data of cases closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be anonymised; change nothing."
        )

    def handle(self, *, dry_run: bool, **options):
        report = retention.anonymise(dry_run=dry_run)
        heading = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{heading} (closed before {report.cutoff:%Y-%m-%d}):")
        for what, n in sorted(report.counts.items()):
            self.stdout.write(f"  {what}: {n}")
        for reference in report.references:
            self.stdout.write(f"  {reference}")
