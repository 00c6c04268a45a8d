from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "putright.common"
    label = "common"
    verbose_name = "Putright service frame"
