from django.urls import path

from . import notification_views

app_name = "notifications"

urlpatterns = [
    path("notifications/", notification_views.notifications, name="list"),
]
