from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "goldenthread.assurance"
    label = "assurance"
    verbose_name = "Plan quality assurance and the planning timetable"
