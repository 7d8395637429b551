from django.db import migrations

# The headers of the 12345 platform's work-order export as of 2026-11; the office edits them when the
# platform changes its columns.
HEADERS = {
    "order_number": "工单编号",
    "received_at": "受理时间",
    "deadline": "办理时限",
    "category": "事项分类",
    "community": "所属社区",
    "reporter_name": "来电人",
    "reporter_phone": "来电号码",
    "title": "工单标题",
    "description": "诉求内容",
}


def seed(apps, schema_editor):
    column = apps.get_model("interop", "HotlineColumn")
    for field, header in HEADERS.items():
        column.objects.get_or_create(field=field, defaults={"header": header})


class Migration(migrations.Migration):
    dependencies = [("interop", "0001_api_clients_attributes_hotline_orders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
