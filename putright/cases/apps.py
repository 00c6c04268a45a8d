from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "putright.cases"
    label = "cases"
    verbose_name = "Complaints"

    def ready(self) -> None:
        # Load and validate every procedure definition now, so a broken file stops start-up
        # with a message naming the file and field, never later while a case is handled.
        from putright.policy import get_registry

        get_registry()
