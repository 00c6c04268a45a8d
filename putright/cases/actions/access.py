"""Links that let someone follow a case online: staff can stop them all at once.

The case does not know how the links are kept: the front door that makes them (the public
portal) registers a ``LinkKeeper`` when it starts, as the letters subscribe to the timeline.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, ActionRefused, CaseAction, Refusal
from putright.cases.models import Complaint


class LinkKeeper(Protocol):
    """What keeps the links: how many work now, and stopping every one of them."""

    def live(self, complaint: Complaint) -> int: ...

    def stop(self, complaint: Complaint, *, actor: Any) -> int: ...


_keepers: list[LinkKeeper] = []


def register_link_keeper(keeper: LinkKeeper) -> LinkKeeper:
    """Called once by the app that makes links, when it starts."""
    if keeper not in _keepers:
        _keepers.append(keeper)
    return keeper


def live_links(complaint: Complaint) -> int:
    """How many links to ``complaint`` work now, whoever keeps them."""
    return sum(keeper.live(complaint) for keeper in _keepers)


class StopTrackingLinks(CaseAction):
    """Stop every link that lets someone follow this case online, at once (a link sent to the
    wrong address, a shared computer, consent withdrawn). The complainant can ask for a new one
    on the "send me a new link" page, which emails it to the address we hold."""

    key = "stop-tracking-links"
    label = _("Stop all tracking links")
    intro = _(
        "Every link we have sent to follow this complaint online stops working at once, in "
        "every browser that opened it. The complainant can ask for a new link, which we email "
        "to the address we hold for them."
    )
    roles = CASE_STAFF
    #: Reached from the "Tracking links" section of the case page.
    listed = False

    def available(self) -> list[Refusal]:
        if live_links(self.complaint) == 0:
            return [Refusal("no-links", msg.NO_LIVE_TRACKING_LINKS)]
        return []

    def execute(self, data: Any) -> dict[str, Any]:
        stopped = sum(keeper.stop(self.complaint, actor=self.actor) for keeper in _keepers)
        if stopped == 0:  # stopped by someone else meanwhile
            raise ActionRefused([Refusal("no-links", msg.NO_LIVE_TRACKING_LINKS)])
        self.event("tracking-links-stopped", f"{stopped} tracking link(s) stopped.", links=stopped)
        return {"links": stopped}
