"""Mediation files built through the real services, and the roster they draw on."""

import datetime

from django.utils import timezone

from cms.core.privacy import id_check_digit
from cms.demo import mediation as demo
from cms.mediation import services
from cms.mediation.models import DisputeType, MediationFile, Mediator, Party, Source
from cms.studios.models import Studio
from tests.factories.cases import user


def valid_id(first17: str = "44060519800101999") -> str:
    """A synthetic ID number with a valid GB 11643 check digit (9xx: a sequence no office issues)."""
    return first17 + id_check_digit(first17)


def mediator(name: str = "梁志远", account=None) -> Mediator:
    return Mediator.objects.create(name=name, organisation="示例调解委员会", user=account)


def applicant(**fields) -> Party:
    values = {
        "side": Party.Side.APPLICANT,
        "kind": Party.Kind.RESIDENT,
        "name": "李秀英",
        "phone": "13900001111",
        "id_number": valid_id(),
        "address": "桂城街道示例花园3座1201",
    }
    values.update(fields)
    return Party(**values)


def respondent(**fields) -> Party:
    values = {
        "side": Party.Side.RESPONDENT,
        "kind": Party.Kind.PROPERTY_COMPANY,
        "name": "示例物业服务有限公司",
        "phone": "0757-86000000",
    }
    values.update(fields)
    return Party(**values)


def registered_file(studio_code: str = "06", worker=None, registered_on=None) -> MediationFile:
    worker = worker or user(f"worker{studio_code}")
    file, _code = services.register(
        worker,
        studio=Studio.objects.get(code=studio_code),
        title="示例花园物业费上调纠纷",
        description="物业公司拟上调物业费，业主认为未经业主大会表决。",
        estate=None,
        location_text="示例花园",
        source=Source.PARTY_APPLICATION,
        dispute_type=DisputeType.PROPERTY_FEES,
        registered_on=registered_on or timezone.localdate() - datetime.timedelta(days=3),
        applicant=applicant(),
        respondent=respondent(),
        assignee=worker,
    )
    return file


def file_in(stage: str, studio_code: str = "06", worker=None, presiding=None) -> MediationFile:
    """A file walked through the services to ``stage`` (the path the demo content takes)."""
    worker = worker or user(f"worker{studio_code}")
    file = registered_file(studio_code, worker)
    presiding = presiding or mediator("主持调解员甲")
    demo.walk(file, stage, worker, presiding, mediator("协助调解员乙"))
    return MediationFile.objects.get(pk=file.pk)
