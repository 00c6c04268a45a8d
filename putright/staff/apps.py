from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The staff workspace: the work queue, the case page and one form per action."""

    name = "putright.staff"
    label = "staff"
    verbose_name = "Staff workspace"
