from django.urls import path

from . import views

app_name = "victims"

urlpatterns = [
    path("cases/<str:reference>/victims/<int:pk>/", views.detail, name="detail"),
    path("cases/<str:reference>/victims/<int:pk>/contact-plan/", views.contact_plan, name="contact_plan"),
    path("cases/<str:reference>/victims/<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("cases/<str:reference>/victims/<int:pk>/assessment/", views.assess, name="assess"),
]
