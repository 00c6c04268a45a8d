from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """The daily reminder digests that tell staff what is due, sent through the outbox."""

    name = "putright.reminders"
    label = "reminders"
    verbose_name = "Reminders"
