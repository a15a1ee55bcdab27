"""URL patterns of the task pages, joined into the incremental namespace by incremental/urls.py."""

from django.urls import path

from . import task_views

urlpatterns: list = [
    path("my-tasks/", task_views.my_tasks, name="my_tasks"),
    path("my-tasks/<int:pk>/done/", task_views.reminder_done, name="reminder_done"),
]
