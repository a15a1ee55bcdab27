"""URL patterns of the letter pages, joined into the incremental namespace by incremental/urls.py."""

from django.urls import path

from . import letter_views

urlpatterns: list = [
    path(
        "cases/<str:reference>/interventions/<int:pk>/letter/",
        letter_views.letter_generate,
        name="letter_generate",
    ),
]
