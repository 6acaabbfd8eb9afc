from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "goldenthread.sharing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Data sharing"
