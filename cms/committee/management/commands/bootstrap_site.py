"""First start of a real deployment: what the site needs to run, and nothing else (no demo content).

``migrate`` already creates the six studios with their groups, the "三审" workflow, the working-day
calendar and the default category catalogue (data migrations of studios and cases); this command builds
the page tree (``cms.studios.skeleton``) and checks the rest is there. Idempotent: a second run changes
nothing. docker/entrypoint.sh runs it after migrating; ``load_demo`` runs it before adding demo content.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Page, WorkflowPage

from cms.cases.models import CalendarDay, CaseCategory
from cms.studios import skeleton
from cms.studios.models import Studio

WORKFLOW_NAME = "三审"
STUDIO_COUNT = 6


class Command(BaseCommand):
    help = "Builds the site's page tree without demo content and checks studios, groups, workflow, calendar and catalogue."

    def handle(self, *args, **options):
        studios = list(Studio.objects.order_by("code"))
        if len(studios) != STUDIO_COUNT:
            raise CommandError(
                f"expected {STUDIO_COUNT} studios, found {len(studios)}: run migrate first"
            )
        created = skeleton.build()
        self.stdout.write(
            f"Pages created: {', '.join(created)}." if created else "Pages already present."
        )
        self._check_workflow()
        self._check_catalogue(studios)
        self._check_calendar()

    def _check_workflow(self) -> None:
        root = Page.get_first_root_node()
        assigned = WorkflowPage.objects.filter(page=root, workflow__active=True).first()
        if assigned is None or assigned.workflow.name != WORKFLOW_NAME:
            raise CommandError(f"the {WORKFLOW_NAME} workflow does not cover the page tree")
        self.stdout.write(f"Workflow {WORKFLOW_NAME} covers every page.")

    def _check_catalogue(self, studios: list[Studio]) -> None:
        without = [s.code for s in studios if not CaseCategory.objects.filter(studio=s).exists()]
        if without:
            raise CommandError(f"studios without case categories: {', '.join(without)}")
        self.stdout.write("Each studio has its case categories.")

    def _check_calendar(self) -> None:
        year = timezone.localdate().year
        if CalendarDay.objects.filter(date__year=year).exists():
            self.stdout.write(f"The working-day calendar holds {year}'s holidays.")
        else:
            # Not fatal: deadlines still count weekends; staff add the year under 案件管理 → 节假日与调休.
            self.stderr.write(
                f"The working-day calendar holds no day of {year}: add its holidays and make-up "
                "working days under 案件管理 → 节假日与调休."
            )
