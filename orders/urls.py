"""The register of orders and notices and each order's own pages."""

from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("orders/", views.register, name="register"),
    path("orders/register.csv", views.register_csv, name="register_csv"),
    path("cases/<str:reference>/orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("cases/<str:reference>/orders/<int:pk>/service/new/", views.service_new, name="service_new"),
    path("cases/<str:reference>/orders/<int:pk>/terms/new/", views.term_new, name="term_new"),
    path("cases/<str:reference>/orders/<int:pk>/terms/<int:term_pk>/vary/", views.term_vary, name="term_vary"),
    path(
        "cases/<str:reference>/orders/<int:pk>/terms/<int:term_pk>/discharge/",
        views.term_discharge,
        name="term_discharge",
    ),
    path(
        "cases/<str:reference>/orders/<int:pk>/terms/<int:term_pk>/updates/new/",
        views.supervisor_update_new,
        name="supervisor_update_new",
    ),
    path(
        "cases/<str:reference>/orders/<int:pk>/breaches/<int:event_pk>/action/",
        views.breach_action,
        name="breach_action",
    ),
    path("cases/<str:reference>/orders/<int:pk>/bundle/", views.bundle, name="bundle"),
    path("cases/<str:reference>/orders/<int:pk>/bundle.pdf", views.bundle_pdf, name="bundle_pdf"),
    # pk: the person the Respect order would be against (a perpetrator in the case).
    path(
        "cases/<str:reference>/people/<int:pk>/respect-order/risk-assessment/new/",
        views.risk_assessment_new,
        name="risk_assessment_new",
    ),
]
