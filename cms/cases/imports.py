"""Importing a studio's existing case ledger (XLSX, sheet 诉求) as cases, on the shared import flow
(``cms/core/imports.py``).

Each row becomes a case as ``services.create_case`` registers it (受理, deadlines from the working-day
calendar, a reference, history), inserted in batches (``cases.intake``); a ledger's past outcomes are not
replayed: the case is then handled in the system. A row is the same case as one already registered with the
same 受理时间, 反映人电话 and 标题, and is then left alone, so importing the same file twice changes nothing.
Each row's category decides the studio, which must be one the importing person handles cases for (the
committee office: any). The whole file is one transaction: one bad row and nothing is saved; a dry run runs
the same steps and rolls back. The preview labels rows with the reporter masked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cms.cases import intake, services
from cms.cases.models import Case, CaseCategory, Source
from cms.core import privacy
from cms.core.imports import (
    Action,
    CellError,
    Column,
    ImportReport,
    choice,
    moment,
    read_sheets,
    template_workbook,
    text,
)
from cms.core.text import clean_line
from cms.places.matching import PlaceIndex
from cms.places.models import Community, Estate

SHEET = "诉求"
# Sources a ledger's cases came by; the API, 12345 and observers' cases come through their own channels.
LEDGER_SOURCES = [
    (key, label)
    for key, label in Source.choices
    if key not in (Source.API, Source.HOTLINE, Source.OBSERVER)
]
COLUMNS = [
    Column("受理时间", "received_at", moment, required=True, example="2025-06-01 09:30"),
    Column("类别", "category", required=True, example="06-01"),
    Column("来源", "source", choice(LEDGER_SOURCES), example="来访"),
    Column("地点", "place", required=True, example="千灯湖社区示例花园"),
    Column("反映人", "reporter_name", required=True, example="陈先生"),
    Column("反映人电话", "reporter_phone", required=True, example="13800000000"),
    Column("标题", "title", required=True, example="小区路灯不亮"),
    Column("诉求内容", "description", example="示例花园 3 栋旁路灯连续一周不亮。"),
]


def template() -> bytes:
    return template_workbook({SHEET: COLUMNS})


def import_cases(content: bytes, user, *, dry_run: bool) -> ImportReport:
    """Reads the sheet and applies it in one transaction; rolled back on a dry run or any error."""
    report = ImportReport()
    sheets = read_sheets(content, report, {SHEET: COLUMNS})
    if report.errors:
        return report
    rows = sheets.get(SHEET, [])
    categories = _categories()
    places = PlaceIndex.build(
        Community.objects.active().values_list("pk", "name"),
        Estate.objects.active().values_list("pk", "community_id", "name"),
    )
    known = _known(rows)
    seen: dict[tuple, int] = {}
    new, memo = [], {}
    with transaction.atomic():
        for outcome, values in rows:
            outcome.label = (
                f"{privacy.mask_name(values.get('reporter_name', ''))} "
                f"{privacy.mask_phone(text(values.get('reporter_phone', '')))}"
            )
            if outcome.errors:
                continue
            try:
                phone = privacy.validate_phone(text(values["reporter_phone"]))
            except ValidationError as error:
                outcome.fail_on("reporter_phone", error.messages[0])
                continue
            key = (values["received_at"], phone, clean_line(values["title"][:100]))
            if key in seen:
                outcome.fail(_("与第 %(row)s 行重复。") % {"row": seen[key]})
                continue
            seen[key] = outcome.row
            if key in known:
                continue  # registered already: unchanged
            try:
                category = _category(categories, values["category"])
            except CellError as error:
                outcome.fail_on("category", str(error))
                continue
            try:
                case, _code = services.new_case(
                    category=category,
                    source=values.get("source") or Source.WALK_IN,
                    user=user,
                    received_at=values["received_at"],
                    reporter_name=values["reporter_name"],
                    reporter_phone=phone,
                    title=key[2],
                    description=values.get("description") or values["title"],
                    due_memo=memo,
                    **_place(places, values["place"]),
                )
            except PermissionDenied:
                outcome.fail_on(
                    "category",
                    _("您不能为工作室“%(studio)s”登记诉求。") % {"studio": category.studio},
                )
                continue
            except ValidationError as error:
                outcome.fail(error.messages[0])
                continue
            new.append(case)
            outcome.action = Action.CREATE
        if report.ok:
            intake.insert_cases(new, user, _("表格导入"))
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _categories() -> dict[str, list[CaseCategory]]:
    found: dict[str, list[CaseCategory]] = {}
    for category in CaseCategory.objects.filter(active=True).select_related("studio"):
        found.setdefault(category.code, []).append(category)
        found.setdefault(category.name, []).append(category)
    return found


def _category(categories, name: str) -> CaseCategory:
    found = categories.get(text(name), [])
    if len(found) == 1:
        return found[0]
    if found:
        raise CellError(_("多个工作室都有类别“%(name)s”，请填写类别编号。") % {"name": name})
    raise CellError(_("找不到类别“%(name)s”，请填写类别编号或名称。") % {"name": name})


def _place(places: PlaceIndex, where: str) -> dict:
    match = places.match(where)
    if match is None:
        return {"community": None, "estate": None, "location_text": where.strip()[:200]}
    estate = None
    if match.estate_id is not None:
        estate = Estate(pk=match.estate_id, community_id=match.community_id)
    return {"community": Community(pk=match.community_id), "estate": estate, "location_text": ""}


def _known(rows) -> set[tuple]:
    """(受理时间, 电话, 标题) of cases already registered at the file's times: one query."""
    moments = {values["received_at"] for _outcome, values in rows if values.get("received_at")}
    if not moments:
        return set()
    return set(
        Case.objects.filter(Q(received_at__in=moments)).values_list(
            "received_at", "reporter_phone", "title"
        )
    )
