"""URL patterns of fixed penalties and Immediate Justice, joined into the incremental namespace."""

from django.urls import path

from . import penalty_views

urlpatterns: list = [
    # pk: the CPN or PSPO breached.
    path(
        "cases/<str:reference>/interventions/<int:pk>/fixed-penalties/new/",
        penalty_views.fixed_penalty_issue,
        name="fixed_penalty_issue",
    ),
    # pk: the fixed penalty.
    path(
        "cases/<str:reference>/fixed-penalties/<int:pk>/",
        penalty_views.fixed_penalty_outcome,
        name="fixed_penalty_outcome",
    ),
    # pk: the Immediate Justice intervention.
    path(
        "cases/<str:reference>/interventions/<int:pk>/immediate-justice/referral/",
        penalty_views.immediate_justice_refer,
        name="immediate_justice_refer",
    ),
    path(
        "cases/<str:reference>/interventions/<int:pk>/immediate-justice/start/",
        penalty_views.immediate_justice_start,
        name="immediate_justice_start",
    ),
]
