from django.urls import path

from . import views

app_name = "closure"

urlpatterns = [
    path("cases/<str:reference>/closing/", views.victims, name="victims"),
    path("cases/<str:reference>/closing/victims/<int:pk>/", views.victim_record, name="victim"),
    path("cases/<str:reference>/closing/victims/<int:pk>/letter/", views.closing_letter, name="letter"),
]
