"""URL patterns of the intervention pages, joined into the incremental namespace by incremental/urls.py."""

from django.urls import path

from . import views

urlpatterns: list = [
    # pk: the person the intervention is for (a perpetrator in the case).
    path(
        "cases/<str:reference>/people/<int:pk>/interventions/new/",
        views.intervention_issue,
        name="intervention_issue",
    ),
    path("cases/<str:reference>/interventions/<int:pk>/", views.intervention_detail, name="intervention_detail"),
    path(
        "cases/<str:reference>/interventions/<int:pk>/events/new/", views.intervention_event, name="intervention_event"
    ),
]
