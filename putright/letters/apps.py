from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters to complainants, as email and PDF, in English and Welsh, sent through an outbox."""

    name = "putright.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        # Every timeline event reaches the letters after its transaction commits (ADR 0012).
        from putright.cases import effects
        from putright.letters.subscriber import on_event

        effects.subscribe(on_event)
