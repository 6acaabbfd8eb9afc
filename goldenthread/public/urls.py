from django.urls import path

from goldenthread.public import views
from goldenthread.web.urls import CodeConverter  # noqa: F401  (registers the "code" converter)

urlpatterns = [
    path("performance/", views.overview, name="public_overview"),
    path("performance/about/", views.about, name="public_about"),
    path("performance/open-data/", views.open_data, name="public_open_data"),
    path("performance/planning-timetable/", views.timetable, name="public_timetable"),
    path("performance/open-data/figures.<str:fmt>", views.download, name="public_download"),
    path("performance/priorities/<code:code>/", views.priority, name="public_priority"),
    path("performance/indicators/<code:code>/", views.indicator, name="public_indicator"),
]
