from django.urls import path

from goldenthread.reporting import views

urlpatterns = [
    path("reports/", views.reports_index, name="reports"),
    path("reports/<str:kind>/", views.report, name="report"),
]
