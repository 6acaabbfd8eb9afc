from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "goldenthread.operations"
    label = "operations"
    verbose_name = "Operations"
