import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

# After Django is set up: the page cache answers anonymous visitors' hits before Django (cms/core/page_cache.py).
from cms.core.page_cache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
