from django.urls import path

from . import views

app_name = "case_reviews"

urlpatterns = [
    path("cases/<str:reference>/case-reviews/new/", views.activation_create, name="create"),
    path("cases/<str:reference>/case-reviews/<int:pk>/", views.activation_detail, name="detail"),
    path("cases/<str:reference>/case-reviews/<int:pk>/decision/", views.activation_decision, name="decision"),
    path("cases/<str:reference>/case-reviews/<int:pk>/review/", views.activation_review, name="review"),
    path("cases/<str:reference>/case-reviews/<int:pk>/appeal/", views.activation_appeal, name="appeal"),
]
