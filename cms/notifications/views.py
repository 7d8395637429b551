"""The staff member's own notices (我的通知): the list, opening one (marks it read), marking all read.
Each user sees only their own notices; the queries are counted in the tests."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cms.notifications.models import Notice


def unread(user):
    return Notice.objects.filter(user=user, read_at__isnull=True)


@login_required
def notice_list(request):
    notices = Notice.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notices, 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "notifications/notice_list.html",
        {"page": page, "unread_count": unread(request.user).count()},
    )


@login_required
def notice_open(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    target = notice.url or "notifications_notice_list"
    if notice.url and not url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        target = "notifications_notice_list"
    return redirect(target)


@require_POST
@login_required
def mark_all_read(request):
    unread(request.user).update(read_at=timezone.now())
    return redirect("notifications_notice_list")
