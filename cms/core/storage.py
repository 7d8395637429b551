"""Storage for files that hold personal data: under PRIVATE_MEDIA_ROOT, never MEDIA_ROOT, with no URL.

Such files are served only by views that ask ``cms.core.access`` first.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="cms.core.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    # Read on each use, so a changed setting (deployment, tests) is honoured.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; serve them through an access-checked view")


private_storage = PrivateStorage()
