from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "goldenthread.performance"
    label = "performance"
    verbose_name = "Performance ratings"
