from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.core import backup


class Command(BaseCommand):
    help = (
        "Writes one dated archive of the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT with SHA-256 sums "
        "(cms/core/backup.py). The archive holds personal data: encrypt it before it leaves the host."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="backups", help="directory for the archive (default: backups)"
        )

    def handle(self, *args, **options):
        try:
            archive = backup.create(Path(options["output_dir"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
