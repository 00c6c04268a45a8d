from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "putright.portal"
    label = "portal"
    verbose_name = "Public portal"

    def ready(self) -> None:
        # Consent links are emailed when a timeline event asks for one, after it commits; staff
        # stop tracking links through the case's own action, which asks the portal to.
        from putright.cases import effects
        from putright.cases.actions.access import register_link_keeper
        from putright.portal import consent_tasks, tracking

        effects.subscribe(consent_tasks.on_event)
        register_link_keeper(tracking.KEEPER)
