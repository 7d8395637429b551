"""Invisible format characters are removed from the names and titles people type, through the real forms."""

import pytest
from django.urls import reverse

from cms.cases import services as case_services
from cms.cases.models import Case
from cms.core.text import clean_line
from cms.mediation import services as mediation_services
from cms.volunteers import services as volunteer_services
from tests.factories import cases as f
from tests.factories import mediation as m
from tests.factories import volunteers as v

RLO, ZWSP, ZWJ, LRI, PDI, BOM = "\u202e", "\u200b", "\u200d", "\u2066", "\u2069", "\ufeff"


def test_bidi_overrides_and_zero_width_characters_are_removed() -> None:
    assert clean_line(f" {BOM}陈{ZWSP}阿{ZWJ}姨{RLO}gnp.exe{LRI}x{PDI} ") == "陈阿姨gnp.exex"
    assert clean_line("张三 (Tom)") == "张三 (Tom)"


@pytest.mark.django_db
def test_a_residents_name_and_title_are_saved_without_invisible_characters(
    client, settings, tmp_path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    data = {
        "category": f.category("06", "投诉").pk,
        "place": "other",
        "address": "千灯湖示例花园",
        "title": f"路灯{RLO}不亮{ZWSP}",
        "description": "5 栋门前路灯坏了一个月。",
        "reporter_name": f"陈{ZWSP}阿姨{RLO}",
        "reporter_phone": "13800012345",
        "consent": "on",
        "website": "",
    }
    assert client.post(reverse("case_submit"), data).status_code == 200
    case = Case.objects.get(reporter_phone="13800012345")
    assert (case.title, case.reporter_name) == ("路灯不亮", "陈阿姨")


@pytest.mark.django_db
def test_a_case_edit_saves_the_title_without_invisible_characters() -> None:
    case = f.new_case()
    case.title = f"{RLO}改过的标题"
    case_services.save_edit(case, f.user("worker06"), expected_version=case.version)
    case.refresh_from_db()
    assert case.title == "改过的标题"


@pytest.mark.django_db
def test_party_and_volunteer_names_lose_invisible_characters() -> None:
    file = m.registered_file()
    applicant = file.parties.get(side="applicant")
    assert RLO not in applicant.name
    applicant.name = f"李{RLO}秀英{ZWSP}"
    mediation_services.save_party(file, f.user("worker06"), applicant)
    applicant.refresh_from_db()
    assert applicant.name == "李秀英"
    volunteer = v.volunteer(name=f"林{ZWJ}小雨{LRI}")
    assert volunteer.name == "林小雨"
    volunteer.name = f"{BOM}林小雨"
    volunteer_services.save_volunteer(f.user("worker04"), volunteer)
    volunteer.refresh_from_db()
    assert volunteer.name == "林小雨"
