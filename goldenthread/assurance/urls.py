"""Plan quality assurance pages, under /assurance/."""

from django.urls import path

from goldenthread.assurance import views

urlpatterns = [
    path("reviews/", views.reviews, name="assurance_reviews"),
    path("reviews/<str:year>/<str:code>/", views.review, name="assurance_review"),
    path("reviews/<str:year>/<str:code>/edit/", views.review_edit, name="assurance_review_edit"),
    path("reviews/<str:year>/<str:code>/state/", views.review_move, name="assurance_review_move"),
    path("programme/", views.programme, name="assurance_programme"),
    path(
        "programme/<str:year>/<str:code>/",
        views.programme_review,
        name="assurance_programme_review",
    ),
    path("timetable/", views.timetable, name="assurance_timetable"),
    path("timetable/<str:year>/edit/", views.timetable_edit, name="assurance_timetable_edit"),
]
