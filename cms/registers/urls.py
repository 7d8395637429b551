from django.urls import path

from cms.registers import public

urlpatterns = [
    path("sages/", public.liaison_station, name="liaison_station"),
    path("talents/station/", public.station, name="talent_station"),
    path("new-employment/report/", public.observer_report, name="observer_report"),
    path("<slug:slug>/enrol/", public.enrol, name="register_enrol"),
]
