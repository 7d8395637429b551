"""Admin views of the evaluations beyond modeladmin's: a round's actions (add subjects, start scoring,
compute, finish, publish), the inspectors' scoring page of a subject, inspection photos, and a scheme's new
version. Each fetches its object through ``cms/evaluations/access.py``; each change calls ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.core.admin import admin_url
from cms.evaluations import access, services
from cms.evaluations.forms import ScoreForm
from cms.evaluations.models import RoundState, ScorePhoto, Source, SubjectKind
from cms.places.models import Community, Estate


def _all_places(evaluated):
    if evaluated.scheme.subject_kind == SubjectKind.ESTATE:
        return Estate.objects.active().select_related("community")
    return Community.objects.active()


ROUND_ACTIONS = {
    "add_subjects": (
        _("加入全部启用的评估对象"),
        lambda r, user: services.add_subjects(r, user, _all_places(r)),
    ),
    "start": (_("开始评分"), services.start_scoring),
    "compute": (_("计算得分"), services.compute_round),
    "finish": (_("完成并锁定"), services.finish_round),
    "publish": (_("提交结果公示（三审）"), services.publish_round),
}


def available_actions(evaluated) -> list[tuple[str, str]]:
    """The actions a round's state allows, for its page's buttons."""
    names = {
        RoundState.DRAFT: ["add_subjects", "start"]
        if evaluated.scheme.subject_kind != SubjectKind.PROJECT
        else ["start"],
        RoundState.SCORING: ["compute", "finish"],
        RoundState.FINISHED: [] if _has_results_page(evaluated) else ["publish"],
    }[evaluated.state]
    return [(name, ROUND_ACTIONS[name][0]) for name in names]


def _has_results_page(evaluated) -> bool:
    return hasattr(evaluated, "results_page")


@require_POST
def round_action(request, pk: int, action: str):
    evaluated = get_object_or_404(
        access.visible_rounds(request.user).select_related("scheme"), pk=pk
    )
    if action not in dict(available_actions(evaluated)):
        messages.error(request, _("评估轮次当前不能执行此操作。"))
        return HttpResponseRedirect(admin_url(evaluated, "inspect"))
    label, run = ROUND_ACTIONS[action]
    try:
        run(evaluated, request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("%(action)s：已完成。") % {"action": label})
    return HttpResponseRedirect(admin_url(evaluated, "inspect"))


def score_subject(request, pk: int):
    """The inspector's page for one subject: each on-site criterion with its guidance, score, note and
    photos. Saved criterion by criterion through ``services.record_score``; nothing typed is lost on an
    error."""
    subject = get_object_or_404(
        access.visible_subjects(request.user).with_place().select_related("round__scheme"), pk=pk
    )
    scores = list(
        subject.scores.filter(criterion__source=Source.INSPECTION)
        .select_related("criterion", "scored_by")
        .prefetch_related("photos")
    )
    editable = subject.round.state == RoundState.SCORING
    data = request.POST if request.method == "POST" and editable else None
    forms = [
        (
            score,
            ScoreForm(
                data,
                request.FILES if data is not None else None,
                prefix=f"c{score.criterion_id}",
                initial={"score": score.inspector_score, "note": score.note},
            ),
        )
        for score in scores
    ]
    if data is not None and all(form.is_valid() for _score, form in forms):
        try:
            for score, form in forms:
                value = form.cleaned_data["score"]
                if value is not None and (
                    value != score.inspector_score or form.cleaned_data["note"] != score.note
                ):
                    services.record_score(
                        score, request.user, value=value, note=form.cleaned_data["note"]
                    )
                if form.cleaned_data["photo"]:
                    services.attach_photo(score, request.user, form.cleaned_data["photo"])
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("评分已保存。"))
            return HttpResponseRedirect(admin_url(subject.round, "inspect"))
    context = {
        "subject": subject,
        "forms": forms,
        "editable": editable,
        "cancel_url": admin_url(subject.round, "inspect"),
    }
    return TemplateResponse(request, "evaluations/score_subject.html", context)


def photo(request, pk: int):
    """An inspection photo, to those who may see its round; never cached by shared caches."""
    item = get_object_or_404(
        ScorePhoto.objects.select_related("score__subject__round__scheme"), pk=pk
    )
    if not access.may_manage(request.user, item.score.subject.round.scheme.studio_id):
        raise PermissionDenied
    try:
        response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    except FileNotFoundError as missing:
        raise Http404 from missing
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def scheme_new_version(request, pk: int):
    scheme = get_object_or_404(access.visible_schemes(request.user), pk=pk)
    copy = services.new_version(scheme, request.user)
    messages.success(
        request, _("已生成第 %(version)s 版，可修改其指标。") % {"version": copy.version}
    )
    return HttpResponseRedirect(admin_url(copy, "inspect"))
