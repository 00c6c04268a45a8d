from django.apps import AppConfig


class InboundConfig(AppConfig):
    """Complaints and information that arrive by email, fetched from a mailbox (ADR 0016)."""

    name = "putright.inbound"
    label = "inbound"
    verbose_name = "Inbound email"
