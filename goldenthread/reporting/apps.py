from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "goldenthread.reporting"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Reports"
