"""Core's own URLs: the language switch and the health endpoints (mounted before Wagtail's catch-all)."""

from django.urls import path

from cms.core import views

urlpatterns = [
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
