from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.cases import my_cases
from cms.cases import public as case_public
from cms.committee import public as committee_public
from cms.core import views as core_views
from cms.studios import feeds, views
from cms.volunteers import public as volunteers_public

urlpatterns = [
    # Before Wagtail's admin URLs: a GET to log out ends the session on the server too (cms.core.views).
    path("admin/logout/", core_views.AdminLogoutView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("cms.core.urls")),
    path("search/", views.search, name="search"),
    path("issues/new/", case_public.submit, name="case_submit"),
    path("issues/status/", case_public.status, name="case_status"),
    path("issues/mine/", my_cases.mine, name="my_cases"),
    path("issues/mine/code/", my_cases.enter_code, name="my_cases_code"),
    path("issues/mine/new-code/", my_cases.new_retrieval_code, name="my_cases_new_code"),
    path("issues/mine/sign-out/", my_cases.sign_out, name="my_cases_sign_out"),
    path("services/", views.service_directory, name="service_directory"),
    path("open311/", include("cms.interop.urls")),
    path("resources/", committee_public.resources, name="public_resources"),
    path("communities/", committee_public.communities, name="public_communities"),
    path("communities/<slug:code>/", committee_public.community, name="public_community"),
    path("s/", include("cms.evaluations.urls")),
    path("activities/<int:page_id>/sign-up/", volunteers_public.sign_up, name="activity_sign_up"),
    path(
        "volunteers/certificates/",
        volunteers_public.certificate_check,
        name="certificate_check",
    ),
    path("registers/", include("cms.registers.urls")),
    path("news/tags/<str:slug>/", views.news_by_tag, name="news_by_tag"),
    path("feeds/news/", feeds.AllNewsFeed(), name="news_feed"),
    path("feeds/news/tags/<str:slug>/", feeds.TagNewsFeed(), name="tag_news_feed"),
    path("feeds/news/atom/", feeds.AllNewsAtomFeed(), name="news_feed_atom"),
    path("feeds/studios/<str:code>/", feeds.StudioNewsFeed(), name="studio_news_feed"),
    path(
        "feeds/studios/<str:code>/atom/",
        feeds.StudioNewsAtomFeed(),
        name="studio_news_feed_atom",
    ),
    path("sitemap.xml", sitemap),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
