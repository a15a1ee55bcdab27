from django.urls import path

from . import sections, views
from .people import views as people_views

app_name = "cases"

urlpatterns = [
    path("my-cases/", views.my_cases, name="my_cases"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_open, name="open"),
    # The case page's sections (cases/sections.py), each its own page.
    path("cases/<str:reference>/", sections.overview, name="detail"),
    path("cases/<str:reference>/people/", sections.people, name="people"),
    path("cases/<str:reference>/incidents/", sections.incidents, name="incidents"),
    path("cases/<str:reference>/chronology/", sections.chronology, name="chronology"),
    path("cases/<str:reference>/risk-and-plan/", sections.risk_and_plan, name="risk_and_plan"),
    path("cases/<str:reference>/documents/", sections.documents, name="documents"),
    path("cases/<str:reference>/interventions/", sections.interventions, name="interventions"),
    path("cases/<str:reference>/jag/", sections.jag, name="jag"),
    path("cases/<str:reference>/cessation/", sections.cessation, name="cessation"),
    path("cases/<str:reference>/victims/", sections.victims, name="victims"),
    path("cases/<str:reference>/edit/", views.case_edit, name="edit"),
    path("cases/<str:reference>/status/", views.case_status, name="status"),
    path("cases/<str:reference>/agencies/", views.case_agencies, name="agencies"),
    path("cases/<str:reference>/people/add/", views.person_add, name="person_add"),
    path("cases/<str:reference>/incidents/add/", views.incident_add, name="incident_add"),
    path("cases/<str:reference>/chronology/add/", views.chronology_add, name="chronology_add"),
    path("cases/<str:reference>/chronology/<int:pk>/correct/", views.chronology_correct, name="chronology_correct"),
    path("cases/<str:reference>/risk/", views.risk_assess, name="risk"),
    path("cases/<str:reference>/plan/", views.plan_edit, name="plan"),
    path("cases/<str:reference>/plan/versions/<int:number>/", views.plan_version, name="plan_version"),
    path("cases/<str:reference>/documents/upload/", views.document_upload, name="document_upload"),
    path("cases/<str:reference>/documents/<int:pk>/", views.document_download, name="document_download"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("cases/<str:reference>/people/unknown/", people_views.unknown_add, name="unknown_add"),
    path("people/<int:pk>/edit/", people_views.person_edit, name="person_edit"),
    path("people/<int:pk>/aliases/add/", people_views.alias_add, name="alias_add"),
    path("people/<int:pk>/merge/", people_views.person_merge, name="person_merge"),
    path("people/<int:pk>/identify/", people_views.person_identify, name="person_identify"),
    path("people/merges/", people_views.merge_list, name="merges"),
    path("people/merges/<int:pk>/", people_views.merge_detail, name="merge"),
]
