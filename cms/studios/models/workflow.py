"""The studio-lead step of the "三审" page workflow (editor submits → studio lead → committee office).

Wagtail's group task cannot tell studios apart, and one lead group for all studios would let the lead of
studio 01 approve studio 06's pages. This task asks ``cms.core.access`` instead: leads of the page's own
studio approve it; a page outside any studio (home, committee, about) is approved by the committee office.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from cms.core.access import APPROVE_PAGES, can, is_committee_office, studio_ids_for
from cms.studios.models.studio_page import StudioPage


class StudioLeadApprovalTask(Task):
    class Meta:
        verbose_name = _("工作室负责人审核")
        verbose_name_plural = _("工作室负责人审核")

    def user_can_approve(self, page: Page, user) -> bool:
        if user.is_superuser:
            return True
        studio_page = StudioPage.of(page)
        if studio_page is None:
            return is_committee_office(user)
        return can(user, APPROVE_PAGES, studio_page.studio_id)

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.user_can_approve(obj, user):
            return []
        return [
            ("reject", _("退回修改"), True),
            ("approve", _("通过"), False),
            ("approve", _("通过并留言"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        page_ids = Page.objects.filter(_pages_approvable_by(user)).annotate(
            pk_str=Cast("pk", CharField())
        )
        return in_progress.filter(workflow_state__object_id__in=page_ids.values("pk_str"))

    @classmethod
    def get_description(cls):
        return _("所属工作室的负责人审核；不属于任何工作室的页面由委员会办公室审核")


def _pages_approvable_by(user) -> Q:
    studio_paths = list(StudioPage.objects.values_list("path", "studio_id"))
    led = studio_ids_for(user, APPROVE_PAGES)
    condition = Q(pk__in=[])
    for path, studio_id in studio_paths:
        if studio_id in led:
            condition |= Q(path__startswith=path)
    if is_committee_office(user):
        outside = Q()
        for path, _studio_id in studio_paths:
            outside &= ~Q(path__startswith=path)
        condition |= outside
    return condition
