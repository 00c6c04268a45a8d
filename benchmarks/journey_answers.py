"""What a visitor types on each page of the online complaint, for the portal benchmark and the
load test: one two-stage-review complaint, in time, from someone complaining for themselves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def day(value: date, name: str) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def answers(today: date, n: int, who: str = "Bench Person") -> dict[str, dict[str, Any]]:
    """What a person types on each page the journey may ask, by the page's address."""
    email = f"person{n}@example.invalid"
    return {
        "procedure": {"procedure": "two-stage-review"},
        "who": {"who": "myself"},
        "name": {"name": f"{who} {n}"},
        "reference": {"reference": ""},
        "scope-about-a-charity": {"answer": "no"},
        "scope-decision-disagreement": {"answer": "no"},
        "scope-reopen-concluded": {"answer": "no"},
        "scope-information-request": {"answer": "unsure"},
        "scope-court-or-tribunal": {"answer": "no"},
        "when": day(today - timedelta(days=20), "event_on"),
        "found-out": day(today - timedelta(days=18), "found_out_on"),
        "what-went-wrong": {"what_went_wrong": "Nobody answered my three letters."},
        "put-right": {"put_right": "An apology and an answer."},
        "about": {"categories": ["service-standard"]},
        "documents": {"action": "continue"},
        "contact-method": {"contact_method": "email"},
        "contact-details": {"email": email, "email_confirm": email, "phone": "", "address": ""},
        "adjustments": {"adjustments_detail": ""},
        "language": {"language": "en"},
    }
