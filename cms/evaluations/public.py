"""The residents' survey page of one subject of a round, reached by its short code (``/s/<code>/``,
printed as a QR code at the estate). Works without JavaScript; never cached; rate-limited per client.
The page shows no answer of anyone, and the response keeps no phone (``services.submit_survey``)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_protect

from cms.core import ratelimit
from cms.evaluations import services
from cms.evaluations.forms import SurveyForm
from cms.evaluations.models import RoundState, Subject

RESPONSES_PER_HOUR = 20


@never_cache
@cache_control(private=True, no_store=True)
@csrf_protect
def survey(request, code: str):
    subject = get_object_or_404(
        Subject.objects.with_place().select_related("round__scheme__studio"),
        survey_code=code.upper(),
    )
    questions = services.survey_questions(subject)
    form = SurveyForm(request.POST or None, questions=questions)
    context = {"subject": subject, "form": form, "open": subject.round.state == RoundState.SCORING}
    if request.method == "POST" and context["open"]:
        if refusal := ratelimit.refused(
            request,
            "evaluation-survey",
            RESPONSES_PER_HOUR,
            3600,
            when_down=ratelimit.WhenDown.PER_PROCESS,
        ):
            return refusal
        if form.is_valid() and not form.cleaned_data["website"]:
            try:
                services.submit_survey(
                    subject, phone=form.cleaned_data["phone"], answers=form.answers()
                )
            except services.EvaluationRuleError as refusal:
                form.add_error(None, refusal)
            else:
                context["submitted"] = True
        elif form.is_valid():  # the honeypot was filled: answer as if it worked, keep nothing
            context["submitted"] = True
    return render(request, "evaluations/survey.html", context)
