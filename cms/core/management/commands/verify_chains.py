"""Walks every tamper-evident chain (``cms.core.chain``) and reports the first broken link of each.

Exit status 1 when a chain is broken, so a scheduled run can alert someone.
"""

from django.core.management.base import BaseCommand, CommandError

from cms.core import chain
from cms.core.models import ChainHead


class Command(BaseCommand):
    help = "Verify the tamper-evident chains (agreements, certificates, access log)."

    def handle(self, *args, **options):
        broken = 0
        for kind in chain.kinds():
            found = chain.verify(kind.name)
            head = ChainHead.objects.filter(name=kind.name).first()
            if found is None:
                count = head.position if head else 0
                self.stdout.write(f"{kind.name}: {count} links, intact")
                continue
            broken += 1
            self.stdout.write(
                f"{kind.name}: BROKEN at link {found.position} (record {found.object_pk or '-'}): "
                f"{found.reason}"
            )
        if broken:
            raise CommandError(f"{broken} chain(s) broken")
