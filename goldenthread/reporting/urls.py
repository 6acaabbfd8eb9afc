from django.urls import path

from goldenthread.reporting import views

urlpatterns = [
    path("reports/", views.reports_index, name="reports"),
    path("reports/builder/", views.report_builder, name="report_builder"),
    path("reports/save/", views.report_save, name="report_save"),
    path("reports/saved/<int:pk>/", views.saved_report, name="saved_report"),
    path("reports/saved/<int:pk>/share/", views.saved_report_share, name="saved_report_share"),
    path("reports/saved/<int:pk>/delete/", views.saved_report_delete, name="saved_report_delete"),
    # Every report, standard or built, at a stable URL: its kind and its query string.
    path("reports/<str:kind>/", views.report, name="report"),
]
