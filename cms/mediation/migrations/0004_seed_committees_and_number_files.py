"""Each studio's people's mediation committee (the names and 字号 the office then keeps in the admin), and
numbers for the files registered before numbers existed: per committee and year, in registration order. The
note-taker of their records is the file's case worker, as the print pages showed before."""

from django.db import migrations

SEEDED = {
    "01": ("桂城街道城乡融合发展人民调解委员会", "桂融调"),
    "02": ("桂城街道全域创熟人民调解委员会", "桂熟调"),
    "03": ("桂城街道关爱桂城人民调解委员会", "桂爱调"),
    "04": ("桂城街道桂宾高才人民调解委员会", "桂才调"),
    "05": ("桂城街道新就业群体人民调解委员会", "桂新调"),
    "06": ("桂城街道红色业委会人民调解委员会", "桂红调"),
}


def forwards(apps, schema_editor):
    Studio = apps.get_model("studios", "Studio")
    MediationCommittee = apps.get_model("mediation", "MediationCommittee")
    DocumentCounter = apps.get_model("mediation", "DocumentCounter")
    MediationFile = apps.get_model("mediation", "MediationFile")
    Session = apps.get_model("mediation", "Session")
    committees = {}
    for studio in Studio.objects.all():
        name, abbreviation = SEEDED.get(
            studio.code, (f"{studio.name}人民调解委员会", f"桂{studio.code}调")
        )
        committees[studio.pk], _ = MediationCommittee.objects.get_or_create(
            studio=studio, defaults={"name": name, "abbreviation": abbreviation}
        )
    last = {}
    files = MediationFile.objects.filter(number__isnull=True).select_related("case")
    for file in files.order_by("registered_on", "pk"):
        committee = committees[file.case.studio_id]
        key = (committee.pk, file.registered_on.year)
        last[key] = last.get(key, 0) + 1
        file.committee = committee
        file.number_year = file.registered_on.year
        file.number = last[key]
        if file.outcome == "agreement":
            file.agreement_recorder_id = file.case.assignee_id
        file.save(update_fields=["committee", "number_year", "number", "agreement_recorder"])
    for (committee_id, year), number in last.items():
        DocumentCounter.objects.update_or_create(
            committee_id=committee_id, year=year, defaults={"last": number}
        )
    for session in Session.objects.filter(recorder__isnull=True).select_related("file__case"):
        session.recorder_id = session.file.case.assignee_id
        session.save(update_fields=["recorder"])


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0003_committees_document_numbers_party_details"),
        ("studios", "0002_studios_groups_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
