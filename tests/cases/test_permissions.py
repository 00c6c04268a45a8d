"""Who sees and acts on which case: role × own or other team × action."""

from __future__ import annotations

import pytest

from putright.cases import actions, permissions
from putright.cases.models import Complaint

from .conftest import TODAY, act

# (role fixture, complaint's team is the user's own team?) -> (can view, can add a note, can accept)
MATRIX = [
    ("caseworker", True, True, True, True),
    ("caseworker", False, False, False, False),
    ("reviewer", True, True, True, True),
    ("reviewer", False, False, False, False),
    ("assurance", False, False, False, False),
    ("manager", True, True, True, True),
    ("manager", False, True, True, True),
    ("auditor", True, True, False, False),
    ("auditor", False, True, False, False),
    ("admin", True, False, False, False),
    ("admin", False, False, False, False),
]


@pytest.mark.parametrize(("who", "own_team", "view", "note", "accept"), MATRIX)
def test_permission_matrix(make_complaint, staff, teams, who, own_team, view, note, accept):
    user = staff[who]
    if own_team and user.team is not None:
        team = user.team
    elif own_team:
        team = teams["customer-services"]
    else:
        team = teams["casework"] if user.team != teams["casework"] else teams["customer-services"]
    complaint = make_complaint("two-stage-review", team=team)

    assert permissions.can_view(user, complaint) is view
    assert permissions.visible(user).filter(pk=complaint.pk).exists() is view
    assert actions.ACTIONS["add-note"](complaint, user, today=TODAY).is_available() is note
    assert actions.ACTIONS["accept"](complaint, user, today=TODAY).is_available() is accept


def test_staff_see_cases_assigned_to_them_in_another_team(make_complaint, staff, teams):
    complaint = make_complaint("two-stage-review", team=teams["casework"])
    assert not permissions.can_view(staff["reviewer"], complaint)
    complaint = act("accept", complaint, staff["other_caseworker"])
    act("assign-reviewer", complaint, staff["other_caseworker"], reviewer=staff["reviewer"])
    assert permissions.can_view(staff["reviewer"], complaint)
    assert permissions.visible(staff["reviewer"]).filter(pk=complaint.pk).exists()


def test_a_reviewer_of_an_earlier_stage_keeps_sight_of_the_case(make_complaint, staff, teams):
    complaint = make_complaint("two-stage-review", team=teams["casework"])
    complaint = act("accept", complaint, staff["other_caseworker"])
    act("assign-reviewer", complaint, staff["other_caseworker"], reviewer=staff["assurance"])
    complaint = Complaint.objects.get(pk=complaint.pk)
    complaint.assigned_to = None
    assert permissions.can_view(staff["assurance"], complaint)


def test_an_inactive_user_sees_nothing(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    user = staff["caseworker"]
    user.is_active = False
    assert not permissions.can_view(user, complaint)
    assert not permissions.visible(user).exists()
