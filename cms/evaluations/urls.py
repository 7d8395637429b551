from django.urls import path

from cms.evaluations import public

urlpatterns = [path("<str:code>/", public.survey, name="evaluation_survey")]
