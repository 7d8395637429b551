"""The six studios, the groups of every role, and the "三审" page workflow.

The "1+6" structure is fixed by the sub-district, so it is data that every installation needs, not demo
content. Page rights on a studio's own subtree are granted when its studio page is created (signals.py).
"""

from django.db import migrations

STUDIOS = [
    (
        "01",
        "城乡融合发展工作室",
        "城乡融合发展",
        "Urban-Rural Integration Studio",
        "推动村社改革与集体经济发展，共建和美乡村",
    ),
    (
        "02",
        "全域创熟工作室",
        "全域创熟",
        "Whole-Area Neighbourliness Studio",
        "把陌生人社会变成熟人社会，建设新乡贤联络站",
    ),
    (
        "03",
        "关爱桂城工作室",
        "关爱桂城",
        "Caring Guicheng Studio",
        "统筹社工服务项目，关爱长者、儿童、残障人士和困难家庭",
    ),
    ("04", "桂宾高才工作室", "桂宾高才", "Talent Studio", "服务高层次人才，引企业专长参与基层治理"),
    (
        "05",
        "新就业群体党建工作室",
        "新就业群体党建",
        "New Employment Groups Studio",
        "关爱骑手、网约车司机和主播，携手共建美好社区",
    ),
    (
        "06",
        "红色业委会工作室",
        "红色业委会",
        "Red Owners' Committee Studio",
        "选优配强业委会，专业调解物业纠纷，评估物业服务",
    ),
]
COMMUNICATIONS_EDITORS = "宣传编辑"
COMMITTEE_OFFICE = "委员会办公室"
ROLE_SUFFIXES = {"editors_group": "编辑", "leads_group": "负责人", "case_workers_group": "案件办理"}
EVERY_PAGE_RIGHTS = {
    COMMUNICATIONS_EDITORS: ("add", "change", "lock"),
    COMMITTEE_OFFICE: ("add", "change"),
}
IMAGE_AND_DOCUMENT_RIGHTS = [
    ("wagtailimages", "image", ("add", "choose", "change")),
    ("wagtaildocs", "document", ("add", "choose", "change")),
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Studio = apps.get_model("studios", "Studio")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    StudioLeadApprovalTask = apps.get_model("studios", "StudioLeadApprovalTask")

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    def role_group(name, page_rights=(), media=False):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for right in page_rights:
            permission = Permission.objects.get(content_type=page_ct, codename=f"{right}_page")
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
        if media:
            for app_label, model, rights in IMAGE_AND_DOCUMENT_RIGHTS:
                ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
                for right in rights:
                    permission, _ = Permission.objects.get_or_create(
                        content_type=ct,
                        codename=f"{right}_{model}",
                        defaults={"name": f"Can {right} {model}"},
                    )
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        return group

    for name, rights in EVERY_PAGE_RIGHTS.items():
        role_group(name, rights, media=True)
    committee_office = Group.objects.get(name=COMMITTEE_OFFICE)

    for code, name, short_name, english_name, tagline in STUDIOS:
        groups = {
            field: role_group(f"工作室{code}·{suffix}", media=field != "case_workers_group")
            for field, suffix in ROLE_SUFFIXES.items()
        }
        Studio.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                short_name=short_name,
                english_name=english_name,
                tagline=tagline,
                **groups,
            ),
        )

    lead_task = StudioLeadApprovalTask.objects.create(
        name="工作室负责人审核",
        content_type=ContentType.objects.get_or_create(
            app_label="studios", model="studioleadapprovaltask"
        )[0],
    )
    office_task = GroupApprovalTask.objects.create(
        name="委员会办公室审核",
        content_type=ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )[0],
    )
    office_task.groups.set([committee_office])
    workflow = Workflow.objects.create(name="三审")
    WorkflowTask.objects.create(workflow=workflow, task=lead_task, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=office_task, sort_order=1)
    # Replaces Wagtail's default "Moderators approval" on the whole tree.
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("studios", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
