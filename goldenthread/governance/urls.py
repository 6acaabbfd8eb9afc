from django.urls import path

from goldenthread.governance import views

urlpatterns = [
    path("flags/new/", views.flag_new, name="flag_new"),
    path("boards/<str:code>/queue/", views.flag_queue, name="flag_queue"),
    path("boards/<str:code>/queue/<int:pk>/clear/", views.flag_clear, name="flag_clear"),
    path("briefings/", views.briefings_index, name="briefings"),
    path("briefings/<int:pk>/", views.briefing, name="briefing"),
    path("portfolios/<str:code>/briefings/", views.portfolio_briefings, name="portfolio_briefings"),
    path("portfolios/<str:code>/briefings/new/", views.briefing_new, name="briefing_new"),
]
