from django.urls import path

from . import views

app_name = "case_reviews"

urlpatterns = [
    path("cases/<str:reference>/case-reviews/new/", views.activation_create, name="create"),
    path("cases/<str:reference>/case-reviews/<int:pk>/", views.activation_detail, name="detail"),
    path("cases/<str:reference>/case-reviews/<int:pk>/decision/", views.activation_decision, name="decision"),
    path("cases/<str:reference>/case-reviews/<int:pk>/review/", views.activation_review, name="review"),
    path("cases/<str:reference>/case-reviews/<int:pk>/appeal/", views.activation_appeal, name="appeal"),
    path("cases/<str:reference>/case-reviews/<int:pk>/pcc-review/", views.activation_pcc_review, name="pcc_review"),
    path("cases/<str:reference>/case-reviews/<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("cases/<str:reference>/case-review-actions/<int:pk>/", views.action_detail, name="action"),
    path("cases/<str:reference>/case-review-actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("cases/<str:reference>/case-review-explanations/new/", views.explanation_add, name="explain"),
    path("cases/<str:reference>/case-review-leaflet.pdf", views.explanation_leaflet, name="leaflet"),
    path("case-reviews/figures/", views.annual_figures, name="figures"),
    path("case-reviews/figures.csv", views.annual_figures_csv, name="figures_csv"),
]
