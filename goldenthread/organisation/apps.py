from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "goldenthread.organisation"
    label = "organisation"
    verbose_name = "Organisation"
