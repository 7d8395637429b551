from django.core.management.base import BaseCommand

from cms.demo import cases as cases_demo
from cms.demo import committee as committee_demo
from cms.demo import mediation as mediation_demo
from cms.demo import pages as demo
from cms.demo import places as places_demo
from cms.demo import volunteers as volunteers_demo


class Command(BaseCommand):
    help = "Loads synthetic demo content and demo users (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
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
        created = committee_demo.load()
        self.stdout.write(
            "Demo resources created." if created else "Demo resources already present."
        )
        users.append((mediation_demo.MEDIATOR_USERNAME, "调解员（工作室06）"))
        self.stdout.write(f"Demo logins (password: {demo.DEMO_PASSWORD}):")
        for username, role in users:
            self.stdout.write(f"  {username:<10} {role}")
