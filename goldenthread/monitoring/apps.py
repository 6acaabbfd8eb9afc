from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "goldenthread.monitoring"
    label = "monitoring"
    verbose_name = "Quarterly monitoring"
