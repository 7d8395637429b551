from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.core import backup


class Command(BaseCommand):
    help = (
        "Restores an archive written by `manage.py backup` into an empty database and empty MEDIA_ROOT "
        "and PRIVATE_MEDIA_ROOT, after checking every SHA-256 sum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database and file stores that are not empty (replaces the database)",
        )

    def handle(self, *args, **options):
        try:
            manifest = backup.restore(options["archive"], force=options["force"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {manifest['files']} files from the backup of {manifest['created']}."
        )
