from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "goldenthread.planning"
    label = "planning"
    verbose_name = "Planning"
