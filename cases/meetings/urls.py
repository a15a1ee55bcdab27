from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_index, name="list"),
    path("meetings/new/", views.meeting_schedule, name="schedule"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/agenda/generate/", views.agenda_generate, name="generate"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/agenda/<str:reference>/", views.decision, name="decision"),
    path("meetings/<int:pk>/held/", views.mark_held, name="held"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes, name="minutes"),
    path("meetings/actions/<int:pk>/done/", views.action_done, name="action_done"),
]
