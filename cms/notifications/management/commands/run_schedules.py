"""The scheduler: ``manage.py run_schedules`` ticks once; ``--loop`` ticks at the start of every minute
until stopped. Run one or more per deployment (each job still runs once per period: see schedules.py)."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cms.notifications import schedules


class Command(BaseCommand):
    help = "Claim and enqueue the periodic jobs due now (once, or every minute with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Tick every minute until stopped.")

    def handle(self, *, loop: bool, verbosity: int, **options):
        self.running = True
        if loop:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            close_old_connections()
            for claimed in schedules.tick():
                if verbosity > 1:
                    self.stdout.write(f"enqueued {claimed}")
            close_old_connections()
            if not loop:
                return
            # Sleep to the next minute, in short naps so that a stop is quick.
            wake = (time.time() // 60 + 1) * 60
            while self.running and time.time() < wake:
                time.sleep(min(1.0, wake - time.time()))
            if not self.running:
                return

    def _stop(self, signum, frame):
        self.running = False
