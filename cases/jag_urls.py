from django.urls import path

from . import jag_views

app_name = "jag_management"

urlpatterns = [
    path("cases/<str:reference>/jag/refer/", jag_views.refer, name="refer"),
    path("cases/<str:reference>/jag/take-off/", jag_views.take_off, name="take_off"),
    path("cases/<str:reference>/jag/transfer/", jag_views.transfer, name="transfer"),
]
