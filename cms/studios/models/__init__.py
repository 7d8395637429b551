from cms.studios.models.activities import ActivityIndexPage, ActivityPage
from cms.studios.models.home import CommitteePage, HomePage, StandardPage
from cms.studios.models.news import NewsIndexPage, NewsPage, NewsPageTag
from cms.studios.models.services import ServiceIndexPage, ServicePage, ServicePageRelatedNews
from cms.studios.models.studio import Studio
from cms.studios.models.studio_page import StudioPage
from cms.studios.models.workflow import StudioLeadApprovalTask

__all__ = [
    "ActivityIndexPage",
    "ActivityPage",
    "CommitteePage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "ServiceIndexPage",
    "ServicePage",
    "ServicePageRelatedNews",
    "StandardPage",
    "Studio",
    "StudioLeadApprovalTask",
    "StudioPage",
]
