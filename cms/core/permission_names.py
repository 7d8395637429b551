"""Permission names in Chinese. Django stores each permission's name once, in English ("Can add 小区"), and
Wagtail's group screens show the stored name; after every migrate the names are rewritten in Chinese."""

from django.contrib.auth.models import Permission
from django.utils import translation

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
# Wagtail's own custom permissions, by codename.
CUSTOM = {
    "access_admin": "可以进入管理后台",
    "bulk_delete_page": "删除含子页面的页面",
    "lock_page": "锁定/解锁自己锁定的页面",
    "publish_page": "发布任意页面",
    "unlock_page": "解锁任意页面",
    "choose_document": "可以选择文档",
    "choose_image": "可以选择图片",
}


def chinese_name(permission: Permission) -> str | None:
    if permission.codename in CUSTOM:
        return CUSTOM[permission.codename]
    action = permission.codename.split("_", 1)[0]
    model = permission.content_type.model_class()
    if action not in ACTIONS or model is None or not permission.name.startswith("Can "):
        return None
    return f"可以{ACTIONS[action]}{model._meta.verbose_name}"


def rename_permissions(**kwargs) -> None:
    with translation.override("zh-hans"):
        for permission in Permission.objects.select_related("content_type"):
            name = chinese_name(permission)
            if name and name != permission.name:
                permission.name = name
                permission.save(update_fields=["name"])
