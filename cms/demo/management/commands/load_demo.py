from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from cms.demo import cases as cases_demo
from cms.demo import committee as committee_demo
from cms.demo import evaluations as evaluations_demo
from cms.demo import mediation as mediation_demo
from cms.demo import pages as demo
from cms.demo import places as places_demo
from cms.demo import projects as projects_demo
from cms.demo import registers as registers_demo
from cms.demo import volunteers as volunteers_demo
from cms.notifications.worker import run_queued_tasks


class Command(BaseCommand):
    help = "Loads synthetic demo content and demo users (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        # One way to build the site's skeleton: the same command a real deployment starts with.
        call_command("bootstrap_site", stdout=self.stdout, stderr=self.stderr)
        created = demo.load_pages()
        self.stdout.write("Demo pages created." if created else "Demo pages already present.")
        users = demo.load_users()
        created = places_demo.load()
        self.stdout.write("Demo places created." if created else "Demo places already present.")
        created = cases_demo.load()
        self.stdout.write("Demo cases created." if created else "Demo cases already present.")
        created = mediation_demo.load()
        self.stdout.write(
            "Demo mediation created." if created else "Demo mediation already present."
        )
        created = volunteers_demo.load()
        self.stdout.write(
            "Demo volunteers created." if created else "Demo volunteers already present."
        )
        created = registers_demo.load()
        self.stdout.write(
            "Demo registers created." if created else "Demo registers already present."
        )
        created = evaluations_demo.load()
        self.stdout.write(
            "Demo evaluations created." if created else "Demo evaluations already present."
        )
        created = committee_demo.load()
        self.stdout.write(
            "Demo resources created." if created else "Demo resources already present."
        )
        created = projects_demo.load()
        self.stdout.write("Demo projects created." if created else "Demo projects already present.")
        users.append((mediation_demo.MEDIATOR_USERNAME, "调解员（工作室06）"))
        # The demo's search index and other queued work, done now: the site searches from its first page.
        if isinstance(task_backends["default"], DatabaseBackend):
            run_queued_tasks()
        self.stdout.write(f"Demo logins (password: {demo.DEMO_PASSWORD}):")
        for username, role in users:
            self.stdout.write(f"  {username:<10} {role}")
