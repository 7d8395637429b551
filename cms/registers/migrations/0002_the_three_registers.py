"""The three studio registers and their PIPL notices (purpose, retention, withdrawal); staff edit the text
later in the admin, each edit bumping the notice version members consent to."""

from django.db import migrations

REGISTERS = [
    (
        "sages",
        "02",
        "新乡贤联络站名册",
        "用于全域创熟工作室联系新乡贤参与议事协商、纠纷调解、捐资助学和结对帮扶，"
        "并在联络站统计各领域人数。未经您同意，不会公开您的姓名。",
        36,
        False,
    ),
    (
        "talents",
        "04",
        "桂宾高才人才名册",
        "用于桂宾高才工作室为您提供政策咨询、住房、子女入学和办公空间等服务，"
        "并邀请您参与科学家第二课堂和创新创业志愿服务。身份证号码仅用于人才层次认定核对。",
        36,
        True,
    ),
    (
        "new_employment",
        "05",
        "新就业群体服务名册",
        "用于新就业群体党建工作室为外卖骑手、快递员、网约车司机、货车司机和直播从业者提供"
        "暖蜂驿站、慰问、体检和法律援助等关怀服务，并核实社区观察员身份。党员身份仅在您同意时登记。",
        24,
        False,
    ),
]
WITHDRAWAL = (
    "您可以随时撤回同意：致电或到工作室提出，工作人员核实后即删除您的姓名、电话和证件号码"
    "（包括历史记录），只保留不含个人信息的统计数字。撤回不影响撤回前已开展的服务。"
)


def create(apps, schema_editor):
    register = apps.get_model("registers", "Register")
    studio = apps.get_model("studios", "Studio")
    for kind, code, title, purpose, months, needs_id in REGISTERS:
        owner = studio.objects.filter(code=code).first()
        if owner is None:
            continue
        register.objects.get_or_create(
            kind=kind,
            defaults={
                "studio": owner,
                "title": title,
                "purpose": purpose,
                "retention_months": months,
                "withdrawal_text": WITHDRAWAL,
                "needs_id_number": needs_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0001_members_and_their_work"),
        ("studios", "0003_verbose_names"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
