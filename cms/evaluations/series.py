"""Rounds of the same series: the rounds of one studio's scheme name (any version) over the same kind of
subject, in order of their periods. The results page draws each subject's line over them and both the
results page and the round's admin page give the change since the previous round."""

from django.db.models import Q, QuerySet

from cms.evaluations.models.rounds import Round, RoundState, Subject


def place_key(subject: Subject) -> tuple:
    """The place (or named record) a subject evaluates, the same across rounds."""
    return (subject.kind, subject.estate_id, subject.community_id, subject.key)


def series_subjects(evaluated: Round) -> QuerySet:
    """Subjects of the finished rounds of ``evaluated``'s series up to it whose results are public, and of
    ``evaluated`` itself; oldest round first."""
    return (
        Subject.objects.filter(
            round__scheme__studio_id=evaluated.scheme.studio_id,
            round__scheme__name=evaluated.scheme.name,
            round__scheme__subject_kind=evaluated.scheme.subject_kind,
            round__period_end__lte=evaluated.period_end,
        )
        .filter(
            Q(round=evaluated) | Q(round__state=RoundState.FINISHED, round__results_page__live=True)
        )
        .select_related("round", "estate__community", "community")
        .order_by("round__period_end", "round_id")
    )


def previous_subjects(evaluated: Round) -> dict[tuple, Subject]:
    """Each place's subject in the latest finished round of the series before ``evaluated`` (published or
    not: staff compare with it), with its rectification case."""
    previous = (
        Round.objects.filter(
            scheme__studio_id=evaluated.scheme.studio_id,
            scheme__name=evaluated.scheme.name,
            scheme__subject_kind=evaluated.scheme.subject_kind,
            state=RoundState.FINISHED,
            period_end__lt=evaluated.period_start,
        )
        .order_by("-period_end", "-pk")
        .first()
    )
    if previous is None:
        return {}
    subjects = previous.subjects.select_related("rectification_case")
    return {place_key(s): s for s in subjects}
