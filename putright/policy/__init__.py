"""Putright's policy engine: procedures as versioned data, the UK working-day calendar, explained
deadlines, and eligibility. Pure Python; nothing here imports Django.

    from putright.policy import get_registry, Calendar, due_date
    procedure = get_registry().get("two-stage-review")
    due = due_date(procedure, "stage-1", received_on, Calendar("england-and-wales"))
    due.value, due.explanation.render("cy")

Load the registry at start-up (``get_registry()``) so a broken definition file fails then.
"""

from putright.policy.calendar import (
    DEFAULT_DIVISION,
    DIVISION_NAMES,
    DIVISIONS,
    FIRST_DATE,
    LAST_DATE,
    BankHoliday,
    Calendar,
    DateResult,
    Explanation,
    add_months,
    bank_holidays,
)
from putright.policy.deadlines import (
    complaint_time_limit,
    due_date,
    escalation_deadline,
    response_clock_start,
    response_due_date,
)
from putright.policy.eligibility import (
    CODES,
    Assessment,
    ComplaintFacts,
    Finding,
    assess,
    assess_escalation,
    assess_extension,
    check_extension,
)
from putright.policy.loader import DefinitionError
from putright.policy.model import (
    ACKNOWLEDGE,
    KNOWN_OUTCOMES,
    Category,
    EscalationRule,
    Exclusion,
    ExtensionRule,
    FindingQuestion,
    Ombudsman,
    Outcome,
    Procedure,
    RemedyType,
    RequiredField,
    ReviewerRule,
    RuleRef,
    Stage,
    TimeLimit,
    UnknownCode,
    UnknownProcedure,
    UnknownStep,
)
from putright.policy.registry import PROCEDURES_DIR, ProcedureRegistry, get_registry
from putright.policy.remedies import assess_remedy, assess_remedy_decision
from putright.policy.responses import FINDING_ANSWERS, assess_response
from putright.policy.reviewers import REVIEWER_CODES, StaffFacts, check_reviewer
from putright.policy.text import LANGUAGES, Text, format_date

__all__ = [
    "ACKNOWLEDGE",
    "CODES",
    "DEFAULT_DIVISION",
    "DIVISIONS",
    "DIVISION_NAMES",
    "FINDING_ANSWERS",
    "FIRST_DATE",
    "KNOWN_OUTCOMES",
    "LANGUAGES",
    "LAST_DATE",
    "PROCEDURES_DIR",
    "REVIEWER_CODES",
    "Assessment",
    "BankHoliday",
    "Calendar",
    "Category",
    "ComplaintFacts",
    "DateResult",
    "DefinitionError",
    "EscalationRule",
    "Exclusion",
    "Explanation",
    "ExtensionRule",
    "Finding",
    "FindingQuestion",
    "Ombudsman",
    "Outcome",
    "Procedure",
    "ProcedureRegistry",
    "RemedyType",
    "RequiredField",
    "ReviewerRule",
    "RuleRef",
    "StaffFacts",
    "Stage",
    "Text",
    "TimeLimit",
    "UnknownCode",
    "UnknownProcedure",
    "UnknownStep",
    "add_months",
    "assess",
    "assess_escalation",
    "assess_extension",
    "assess_remedy",
    "assess_remedy_decision",
    "assess_response",
    "bank_holidays",
    "check_extension",
    "check_reviewer",
    "complaint_time_limit",
    "due_date",
    "escalation_deadline",
    "format_date",
    "get_registry",
    "response_clock_start",
    "response_due_date",
]
