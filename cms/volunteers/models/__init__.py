from cms.volunteers.models.certificate import Certificate, ImmutableError
from cms.volunteers.models.people import Team, Volunteer
from cms.volunteers.models.service import ServiceActivity, ServiceRecord, SignUp

__all__ = [
    "Certificate",
    "ImmutableError",
    "ServiceActivity",
    "ServiceRecord",
    "SignUp",
    "Team",
    "Volunteer",
]
