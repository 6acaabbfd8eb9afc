from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "goldenthread.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from goldenthread import checks  # noqa: F401  (registers the deployment checks)
