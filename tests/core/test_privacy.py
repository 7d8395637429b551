"""ID numbers are checked by GB 11643 in full (check digit, birth date, region) wherever they are accepted:
the mediation party form, the volunteer form and the services behind them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cms.core.privacy import id_check_digit, validate_id_number
from cms.mediation import services as mediation_services
from cms.mediation.forms import PartyForm
from cms.volunteers.models import Volunteer
from tests.conftest import login
from tests.factories import cases as f
from tests.factories import mediation as m
from tests.factories import volunteers as v


def with_check_digit(first17: str) -> str:
    return first17 + id_check_digit(first17)


TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
REFUSED = {
    "month 13": (with_check_digit("44060519801301999"), "出生日期"),
    "day 99": (with_check_digit("44060519800199999"), "出生日期"),
    "30 February": (with_check_digit("44060519800230999"), "出生日期"),
    "born tomorrow": (with_check_digit(f"440605{TOMORROW:%Y%m%d}999"), "出生日期"),
    "all zeros": ("000000000000000000", "不正确"),
    "zeros with a valid check digit": (with_check_digit("0" * 17), "出生日期"),
    "unknown region 999999": (with_check_digit("99999919800101999"), "地区代码"),
    "wrong check digit": ("440605198001019990", "不正确"),
    "too short": ("44060519800101999", "不正确"),
}


@pytest.mark.parametrize("number,message", REFUSED.values(), ids=REFUSED.keys())
def test_an_impossible_id_number_is_refused_with_a_reason(number: str, message: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        validate_id_number(number)
    assert message in refusal.value.messages[0]


@pytest.mark.parametrize(
    "number",
    [
        "440605198001019997",  # Nanhai district
        with_check_digit(
            "44068219900101999"
        ),  # Nanhai city (1992-2002): numbers keep their region code
        with_check_digit("11010520000229999"),  # Beijing, 29 February of a leap year
        " 44060519850505991x ".replace("x", id_check_digit("44060519850505991").lower()),
    ],
)
def test_a_real_looking_id_number_is_accepted_and_normalised(number: str) -> None:
    assert validate_id_number(number) == number.strip().upper()


def test_the_party_form_gives_the_birth_date_reason() -> None:
    form = PartyForm(
        {
            "side": "applicant",
            "kind": "resident",
            "name": "李秀英",
            "id_number": with_check_digit("44060519801301999"),
        }
    )
    assert not form.is_valid()
    assert "出生日期" in form.errors["id_number"][0]


@pytest.mark.django_db
def test_the_mediation_service_refuses_a_party_born_on_30_february() -> None:
    file = m.registered_file()
    party = m.applicant(id_number=with_check_digit("44060519800230999"))
    with pytest.raises(ValidationError):
        mediation_services.save_party(file, f.user("worker06"), party)


@pytest.mark.django_db
def test_the_volunteer_form_refuses_an_unknown_region(client) -> None:
    login(client, "worker04")
    form = {
        "studio": v.team().studio_id,
        "name": "林小雨",
        "phone": "137 0000 8888",
        "id_number": with_check_digit("99999919800101999"),
        "joined_on": "2026-11-01",
        "status": "active",
        "consent": "on",
    }
    html = client.post(reverse("volunteers_volunteer_modeladmin_create"), form).content.decode()
    assert "不是有效的地区代码" in html and "林小雨" in html
    assert not Volunteer.objects.filter(name="林小雨").exists()
