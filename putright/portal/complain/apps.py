from django.apps import AppConfig


class ComplainConfig(AppConfig):
    name = "putright.portal.complain"
    label = "portal_complain"
    verbose_name = "Make a complaint online"
