from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("victims/", views.victims, name="victims"),
    path("export/<slug:table>.csv", views.export, name="export"),
]
