"""Remedies: chosen with a reason; a payment with its amount and justification, approved by
someone else."""

from __future__ import annotations

from decimal import Decimal

import pytest

from putright.policy import assess_remedy, assess_remedy_decision


def codes(procedure, **remedy):
    return [f.code for f in assess_remedy(procedure, **remedy)]


@pytest.mark.parametrize("procedure_id", ["two-stage-review", "service-complaint"])
def test_a_consolatory_payment_needs_a_reason_an_amount_and_a_justification(
    procedure_id, two_stage, service
):
    procedure = two_stage if procedure_id == "two-stage-review" else service
    assert codes(procedure, remedy_type="consolatory-payment", amount=Decimal("0")) == [
        "remedy-reason-missing",
        "remedy-amount-missing",
        "remedy-justification-missing",
    ]
    assert (
        codes(
            procedure,
            remedy_type="consolatory-payment",
            reason="Six weeks without a reply",
            amount=Decimal("150.00"),
            justification="Distress and time spent chasing us",
        )
        == []
    )


def test_an_apology_needs_only_its_reason(two_stage):
    assert codes(two_stage, remedy_type="apology", reason="We were slow") == []
    assert codes(two_stage, remedy_type="refund", reason="x") == ["remedy-unknown"]


def test_whoever_proposed_a_payment_cannot_approve_it(two_stage):
    own = assess_remedy_decision(
        two_stage, remedy_type="consolatory-payment", proposed_by=7, decided_by=7
    )
    assert [f.code for f in own] == ["remedy-own-proposal"]
    assert own[0].explanation.cy
    assert not assess_remedy_decision(
        two_stage, remedy_type="consolatory-payment", proposed_by=7, decided_by=8
    )
    assert not assess_remedy_decision(two_stage, remedy_type="apology", proposed_by=7, decided_by=7)
