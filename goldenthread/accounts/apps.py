from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "goldenthread.accounts"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        from goldenthread.accounts import audit  # noqa: F401  (connects the audit receivers)
