from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("cases/<str:reference>/support/new/", views.referral_create, name="create"),
    path("cases/<str:reference>/support/<int:pk>/", views.referral_detail, name="detail"),
    path("cases/<str:reference>/support/<int:pk>/response/", views.referral_response, name="response"),
    path("cases/<str:reference>/support/<int:pk>/engaged/", views.referral_engaged, name="engaged"),
    path("cases/<str:reference>/support/<int:pk>/outcome/", views.referral_outcome, name="outcome"),
    path("cases/<str:reference>/support/<int:pk>/follow-up/", views.referral_follow_up, name="follow_up"),
    path("cases/<str:reference>/iom/new/", views.iom_create, name="iom_create"),
    path("cases/<str:reference>/iom/<int:pk>/", views.iom_detail, name="iom_detail"),
    path("cases/<str:reference>/iom/<int:pk>/decision/", views.iom_decision, name="iom_decision"),
]
