from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "goldenthread.public"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Public performance"

    def ready(self) -> None:
        from goldenthread.public import edition

        edition.watch()
