"""Retention (PIPL): residents' personal data is kept ``PERSONAL_DATA_RETENTION_DAYS`` after a case is
closed (归档, or merged into an earlier case), as the privacy notice states; then it is anonymised.

Run daily by the scheduler (``CasesConfig.ready``); ``manage.py anonymise_closed_cases --dry-run`` shows
what a run would do. For each case closed longer than the period:

- the reporter's name, phone and contact time are replaced, on the case **and in its history rows**
  (django-simple-history keeps every earlier value), and the outbox's messages to the reporter's
  phone are deleted;
- the free text (the issue's description and the case notes, in their history rows too) loses the phone
  and ID numbers typed into it and the reporter's name wherever it appears; the address keeps its first
  characters (district, street) and no house number;
- its attachments' files are removed and their rows deleted (the deletion is in the history; the file
  names in the history rows are cleared too);
- other apps clear what they hold about the case through ``register`` (the mediation parties' names,
  phones, ID numbers and addresses: ``cms.mediation.retention``).

What the statistics count (studio, category, place, dates, status, satisfaction, the title and the rest
of the issue's text) is kept. Each run that changes anything writes one line in the personal-data access log.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.cases.models import Case, CaseAttachment, CaseNote
from cms.core import audit, history, privacy
from cms.notifications.models import Message

ANONYMISED_NAME = "（已匿名）"
REMOVED_FILE_NAME = "（已删除）"
BATCH = 200

# name → function(case ids, dry_run) → {what: how many}; called in the run's transaction.
_parts: dict[str, Callable[[list[int], bool], dict[str, int]]] = {}


def register(name: str, part: Callable[[list[int], bool], dict[str, int]]) -> None:
    """Another app's share of the clean-up (registered in its ``AppConfig.ready``)."""
    _parts[name] = part


@dataclass
class Report:
    cutoff: datetime.datetime
    references: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            self.counts[key] = self.counts.get(key, 0) + n

    def summary(self) -> str:
        parts = "，".join(f"{key} {n}" for key, n in sorted(self.counts.items()))
        return _("保存期满匿名化：%(cases)s 件诉求（归档早于 %(cutoff)s）；%(parts)s") % {
            "cases": len(self.references),
            "cutoff": timezone.localtime(self.cutoff).strftime("%Y-%m-%d"),
            "parts": parts or _("无"),
        }

    def __str__(self) -> str:
        return self.summary()


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def due(now: datetime.datetime | None = None):
    """The cases whose personal data is past its keeping: closed before the cutoff, not yet anonymised."""
    return (
        Case.objects.filter(closed_at__lt=cutoff(now))
        .exclude(reporter_name=ANONYMISED_NAME)
        .order_by("pk")
    )


def anonymise(now: datetime.datetime | None = None, *, dry_run: bool = False) -> Report:
    """Anonymises every case past its keeping (``dry_run``: counts what would change, changes nothing);
    a batch of cases a transaction."""
    report = Report(cutoff=cutoff(now))
    cases = list(due(now).values_list("pk", "reference"))
    for start in range(0, len(cases), BATCH):
        batch = cases[start : start + BATCH]
        ids = [pk for pk, _ref in batch]
        with transaction.atomic():
            report.add(_anonymise_cases(ids, dry_run))
            for part in _parts.values():
                report.add(part(ids, dry_run))
        report.references += [ref for _pk, ref in batch]
    if report.references and not dry_run:
        audit.record_job(audit.Action.ANONYMISE, report.summary())
    return report


def run() -> str:
    """The scheduled job."""
    return anonymise().summary()


def _anonymise_cases(ids: list[int], dry_run: bool) -> dict[str, int]:
    cases = Case.objects.filter(pk__in=ids)
    history_rows = Case.history.filter(id__in=ids)
    attachments = CaseAttachment.objects.filter(case_id__in=ids)
    attachment_history = CaseAttachment.history.filter(case_id__in=ids)
    messages = Message.objects.filter(user__isnull=True, context__case_id__in=ids)
    names = _reporter_names(history_rows)
    texts = _free_text(ids, names)
    counts = {
        _("诉求"): cases.count(),
        _("诉求历史记录"): history_rows.count(),
        _("含个人信息的文字"): len(texts),
        _("附件"): attachments.count(),
        _("发给反映人的消息"): messages.count(),
    }
    if dry_run:
        return counts
    personal = {"reporter_name": ANONYMISED_NAME, "reporter_phone": "", "contact_time": ""}
    # Each case is saved (its history gets a "~" row saying why), then every history row of these
    # cases, the new ones included, is cleared in one statement.
    for case in cases:
        case.description = _scrubbed(case.description, names.get(case.pk, {case.reporter_name}))
        case.location_text = privacy.mask_address(case.location_text)
        for name, value in personal.items():
            setattr(case, name, value)
        history.save(case, None, _("保存期满，个人信息已匿名化"))
    history_rows.update(**personal)
    for model, pk, values in texts:
        model.objects.filter(pk=pk).update(**values)  # a plain UPDATE: no new history row
    for attachment in attachments:
        attachment.file.delete(save=False)
        history.mark(attachment, None, _("保存期满，附件已删除"))
        attachment.delete()
    attachment_history.update(original_name=REMOVED_FILE_NAME, file="")
    messages.delete()
    return counts


def _reporter_names(history_rows) -> dict[int, set[str]]:
    """Every name each case's reporter was recorded under (a typo corrected later is a name too)."""
    names: dict[int, set[str]] = {}
    for case_id, name in history_rows.values_list("id", "reporter_name").distinct():
        names.setdefault(case_id, set()).add(name)
    return names


def _scrubbed(text: str, names: set[str]) -> str:
    """``text`` without the phone and ID numbers typed into it, nor the reporter's name (a one-character
    "name" would blank out ordinary words, so only names of two characters or more are replaced)."""
    text = privacy.redact_numbers(text)
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2 and name != ANONYMISED_NAME:
            text = text.replace(name, ANONYMISED_NAME)
    return text


def _free_text(ids: list[int], names: dict[int, set[str]]) -> list[tuple[type, int, dict]]:
    """(model, pk, new values) of every history row and note of these cases whose text changes when
    scrubbed; the cases themselves are scrubbed as they are saved."""
    sources = [
        (
            Case.history.model,
            Case.history.filter(id__in=ids),
            "id",
            ("description", "location_text"),
        ),
        (CaseNote, CaseNote.objects.filter(case_id__in=ids), "case_id", ("text",)),
        (CaseNote.history.model, CaseNote.history.filter(case_id__in=ids), "case_id", ("text",)),
    ]
    changes = []
    for model, rows, case_field, fields in sources:
        for pk, case_id, *values in rows.values_list("pk", case_field, *fields):
            new = {
                name: privacy.mask_address(value)
                if name == "location_text"
                else _scrubbed(value, names.get(case_id, set()))
                for name, value in zip(fields, values, strict=True)
            }
            if new != dict(zip(fields, values, strict=True)):
                changes.append((model, pk, new))
    return changes
