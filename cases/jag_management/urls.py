from django.urls import path

from . import views

app_name = "jag_management"

urlpatterns = [
    path("cases/<str:reference>/jag/refer/", views.refer, name="refer"),
    path("cases/<str:reference>/jag/take-off/", views.take_off, name="take_off"),
    path("cases/<str:reference>/jag/transfer/", views.transfer, name="transfer"),
]
