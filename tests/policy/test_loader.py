"""Procedure definitions load from data, and a broken file fails with file, field and problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from putright.policy import (
    PROCEDURES_DIR,
    DefinitionError,
    ProcedureRegistry,
    UnknownCode,
    UnknownProcedure,
    UnknownStep,
    get_registry,
)
from putright.policy.loader import load_file

TWO_STAGE = (PROCEDURES_DIR / "two-stage-review-v1.toml").read_text(encoding="utf-8")
SERVICE = (PROCEDURES_DIR / "service-complaint-v1.toml").read_text(encoding="utf-8")


def test_both_procedures_load_from_data():
    registry = get_registry()
    assert registry.ids() == ["service-complaint", "two-stage-review"]
    assert [p.id for p in registry.all()] == ["service-complaint", "two-stage-review"]
    assert get_registry() is registry


def test_two_stage_review_as_defined(two_stage):
    assert (two_stage.version, two_stage.effective_from) == (1, date(2026, 1, 1))
    assert two_stage.acknowledgement_working_days == 5
    assert (two_stage.time_limit.months, two_stage.time_limit.starts_from) == (3, "event")
    assert two_stage.stage_keys() == ("stage-1", "stage-2")
    one, two = two_stage.stages
    assert (one.target_working_days, one.clock, one.kind) == (30, "receipt", "review")
    assert one.reviewer.independent_of_original_handler and one.reviewer.seniority_preferred
    assert one.escalation.window_months == 1
    assert (two.target_working_days, two.clock) == (20, "escalation-request")
    assert two.reviewer.required_team == "business-assurance"
    assert two.reviewer.independent_of_earlier_stages
    assert [f.code for f in two.findings] == [
        "addressed-issues",
        "remedied-shortfalls",
        "articulated-outcome",
        "thorough-and-fair",
    ]
    assert two.is_final and two.escalation is None
    assert not one.extension.allowed and not two.extension.allowed
    assert [e.code for e in two_stage.exclusions] == ["about-a-charity"]
    assert [o.code for o in two_stage.outcomes] == ["upheld", "partly-upheld", "not-upheld"]
    assert two_stage.ombudsman.phone == "0345 015 4033"
    assert two_stage.ombudsman.email == "phso.enquiries@ombudsman.org.uk"
    assert two_stage.ombudsman.address == ("Millbank Tower", "Millbank", "London", "SW1P 4QP")
    payment = next(r for r in two_stage.remedies if r.code == "consolatory-payment")
    assert payment.needs_amount and payment.needs_approval and payment.needs_justification


def test_service_complaint_as_defined(service):
    assert (service.time_limit.months, service.time_limit.starts_from) == (
        1,
        "later-of-event-and-awareness",
    )
    assert service.first_stage.key == "frontline"
    assert service.first_stage.target_working_days is None
    assert service.next_stage("frontline").key == "senior-manager"
    assert service.next_stage("senior-manager") is None
    assert service.final_stage.key == "senior-manager"
    manager = service.stage("senior-manager")
    assert manager.target_working_days == 20
    assert manager.extension.allowed
    assert manager.extension.max_without_approval == 1
    assert manager.extension.approver_role == "complaints_manager"
    assert manager.reviewer.required_role == "reviewer"
    assert [e.code for e in service.exclusions] == [
        "decision-disagreement",
        "reopen-concluded",
        "information-request",
        "court-or-tribunal",
    ]
    assert len(service.categories) == 7
    assert service.ombudsman is None
    assert service.exclusion("information-request").clause == "not-covered.c"
    assert "resolved-at-frontline" in [o.code for o in service.outcomes]


def test_unknown_ids_list_the_valid_ones(two_stage):
    registry = get_registry()
    with pytest.raises(UnknownProcedure) as info:
        registry.get("nope")
    assert str(info.value) == (
        "unknown procedure 'nope'; valid procedures: service-complaint, two-stage-review"
    )
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownProcedure, match="valid versions: 1"):
        registry.get("two-stage-review", 2)
    assert registry.get("two-stage-review", 1) is two_stage
    with pytest.raises(UnknownStep, match="valid stages: stage-1, stage-2"):
        two_stage.stage("stage-3")
    with pytest.raises(UnknownCode, match="valid exclusions: about-a-charity"):
        two_stage.exclusion("nope")


def test_versions_and_the_version_in_force(tmp_path):
    (tmp_path / "two-stage-review-v1.toml").write_text(TWO_STAGE, encoding="utf-8")
    v2 = TWO_STAGE.replace("version = 1", "version = 2").replace(
        "effective_from = 2026-01-01", "effective_from = 2027-04-01"
    )
    (tmp_path / "two-stage-review-v2.toml").write_text(v2, encoding="utf-8")
    registry = ProcedureRegistry.load(tmp_path)
    assert registry.versions("two-stage-review") == [1, 2]
    assert registry.get("two-stage-review").version == 2
    assert registry.effective_on("two-stage-review", date(2027, 3, 31)).version == 1
    assert registry.effective_on("two-stage-review", date(2027, 4, 1)).version == 2
    assert registry.effective_on("two-stage-review", date(2020, 1, 1)).version == 1


def test_the_same_version_twice_is_refused(two_stage):
    with pytest.raises(DefinitionError, match=r"already defined in two-stage-review-v1\.toml"):
        ProcedureRegistry([two_stage, two_stage])


def test_an_empty_directory_is_refused(tmp_path):
    with pytest.raises(DefinitionError, match="contains no"):
        ProcedureRegistry.load(tmp_path)


def write(tmp_path: Path, text: str, name: str = "two-stage-review-v1.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(old: str, new: str, base: str = TWO_STAGE, count: int = 1) -> str:
    assert old in base, old
    return base.replace(old, new, count)


STAGE_2_TABLES = '[[stages.findings]]\ncode = "addressed-issues"'

# (text, field, problem)
BROKEN = [
    (broken("format = 1", "format = 2"), "format", "reads format 1, not 2"),
    (broken('id = "two-stage-review"', 'id = "Two Stage"'), "id", "lower-case code"),
    (broken("version = 1", "version = 0"), "version", "at least 1, not a number 0"),
    (broken("version = 1", "version = true"), "version", "not true/false True"),
    (broken("version = 1", 'version = "1"'), "version", "not text '1'"),
    (broken('id = "two-stage-review"', 'id = "other"'), "id", "must be named 'other-v1.toml'"),
    (
        broken("effective_from = 2026-01-01", 'effective_from = "soon"'),
        "effective_from",
        "a date like",
    ),
    (
        broken("effective_from = 2026-01-01", "effective_from = 2026-01-01T09:00:00"),
        "effective_from",
        "not a date and time",
    ),
    (broken("effective_from = 2026-01-01\n", ""), "effective_from", "missing"),
    (
        broken(
            'title = { en = "Complaining about a service we have provided"', 'title = { en = " "'
        ),
        "title.en",
        "non-empty text",
    ),
    (
        broken("title = { en =", "title = { fr = 'x', en ="),
        "title.fr",
        "unknown key; expected one of: cy, en",
    ),
    (broken("summary = {", "summary = 3 #"), "summary", "must be a table, not a number"),
    (
        broken("[acknowledgement]\nworking_days = 5", "[acknowledgement]\nworking_days = 0"),
        "acknowledgement.working_days",
        "at least 1",
    ),
    (
        broken('starts_from = "event"', 'starts_from = "receipt"'),
        "time_limit.starts_from",
        "one of: event, later-of-event-and-awareness",
    ),
    (
        broken("consent_required = true", "consent_required = 1"),
        "representatives.consent_required",
        "true or false",
    ),
    (
        broken('field = "put_right"', 'field = "evidence"'),
        "required[1].field",
        "one of: what_went_wrong, put_right",
    ),
    (
        broken('field = "put_right"', 'field = "what_went_wrong"'),
        "required[1].field",
        "used more than once",
    ),
    (
        broken("target_working_days = 30", "target_working_days = -3"),
        "stages[0].target_working_days",
        "at least 1, not a number -3",
    ),
    (broken('kind = "review"', 'kind = "appeal"'), "stages[0].kind", "one of: frontline, review"),
    (broken('clock = "receipt"', 'clock = "escalation-request"'), "stages[0].clock", "first stage"),
    (broken("is_final = false", "is_final = true"), "stages[0].is_final", "last stage"),
    (broken('key = "stage-2"', 'key = "stage-1"'), "stages[1].key", "used more than once"),
    (
        broken(
            "[[stages.findings]]",
            '[stages.escalation]\nwindow_months = 1\nclause = "x"\n\n[[stages.findings]]',
        ),
        "stages[1].escalation",
        "final stage has no next stage",
    ),
    (
        broken("window_months = 1", "window_months = 0"),
        "stages[0].escalation.window_months",
        "at least 1",
    ),
    (
        broken("window_months = 1", "window_months = 1\nextra = 2"),
        "stages[0].escalation.extra",
        "unknown key",
    ),
    (
        broken('code = "remedied-shortfalls"', 'code = "addressed-issues"'),
        "stages[1].findings[1].code",
        "used more than once",
    ),
    (
        broken(STAGE_2_TABLES, STAGE_2_TABLES + "\nnote = 'x'"),
        "stages[1].findings[0].note",
        "unknown key",
    ),
    (
        broken('stage-1.extension"', 'stage-1.extension"\napprover_role = "boss"'),
        "stages[0].extension.allowed",
        "is false",
    ),
    (
        broken(
            'allowed = false\nmax_without_approval = 0\nclause = "stage-1.extension"',
            'allowed = true\nmax_without_approval = 0\nclause = "stage-1.extension"',
        ),
        "stages[0].extension.approver_role",
        "no extension could ever be granted",
    ),
    (
        broken('required_team = "business-assurance"', 'required_team = "Business Assurance"'),
        "stages[1].reviewer.required_team",
        "lower-case code",
    ),
    (
        broken('required_team = "business-assurance"', 'required_role = "Big Boss"'),
        "stages[1].reviewer.required_role",
        "role code",
    ),
    (
        broken('who = { en = "a member of the Business Assurance Team"', 'whom = { en = "x"'),
        "stages[1].reviewer.whom",
        "unknown key",
    ),
    (
        broken(
            'who = { en = "a member of the Business Assurance Team", '
            'cy = "aelod o’r Tîm Sicrwydd Busnes" }\n',
            "",
        ),
        "stages[1].reviewer.who",
        "is required with required_team or required_role",
    ),
    (
        broken("seniority_preferred = true\n", ""),
        "stages[0].reviewer.seniority_preferred",
        "missing",
    ),
    (
        broken('code = "about-a-charity"', 'code = "about-a-charity"\nlink = "x"'),
        "exclusions[0].link",
        "unknown key; expected one of: clause, code, signposting, title",
    ),
    (
        broken('code = "service-not-provided"', 'code = "service-standard"'),
        "categories.list[2].code",
        "used more than once",
    ),
    (
        broken('code = "not-upheld"', 'code = "rejected"'),
        "outcomes[2].code",
        "one of: upheld, partly-upheld, not-upheld, resolved-at-frontline",
    ),
    (
        broken("needs_amount = true", 'needs_amount = "yes"'),
        "remedies[4].needs_amount",
        "true or false",
    ),
    (broken('phone = "0345 015 4033"', "phone = 345"), "ombudsman.phone", "non-empty text"),
    (
        broken('address = ["Millbank Tower"', 'address = [1, "Millbank Tower"'),
        "ombudsman.address",
        "list of non-empty text",
    ),
    (broken('[final]\nclause = "final"', '[final]\nclause = ""'), "final.clause", "non-empty text"),
    (broken("format = 1", 'format = 1\nauthor = "me"'), "author", "unknown key"),
    (broken('phone = "0345 015 4033"', "phone = { number = 1 }"), "ombudsman.phone", "not a table"),
    (broken('phone = "0345 015 4033"', 'phone = ["0345"]'), "ombudsman.phone", "not a list"),
    (broken('phone = "0345 015 4033"', "phone = 2026-01-01"), "ombudsman.phone", "not a date "),
    (broken('phone = "0345 015 4033"', "phone = 09:00:00"), "ombudsman.phone", "not a date "),
    (
        "stages = 3\n"
        + TWO_STAGE[: TWO_STAGE.index("[[stages]]")]
        + TWO_STAGE[TWO_STAGE.index("[[exclusions]]") :],
        "stages",
        "must be a list of tables",
    ),
    (
        "stages = []\n"
        + TWO_STAGE[: TWO_STAGE.index("[[stages]]")]
        + TWO_STAGE[TWO_STAGE.index("[[exclusions]]") :],
        "stages",
        "must have at least 1 entry",
    ),
    (
        TWO_STAGE[: TWO_STAGE.index("[[categories.list]]")]
        + "list = []\n"
        + TWO_STAGE[TWO_STAGE.index("[[remedies]]") :],
        "categories.list",
        "must have at least 1 entry",
    ),
    ("this is = not toml = at all", "(syntax)", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "field", "problem"), BROKEN)
def test_a_broken_definition_names_file_field_and_problem(tmp_path, text, field, problem):
    write(tmp_path, text)
    with pytest.raises(DefinitionError) as info:
        ProcedureRegistry.load(tmp_path)
    error = info.value
    assert error.file == "two-stage-review-v1.toml"
    assert error.field == field
    assert problem in error.problem
    assert str(error) == f"two-stage-review-v1.toml: {field}: {error.problem}"
    assert "\n" not in str(error)


def test_a_procedure_without_exclusions_or_required_fields_loads(tmp_path):
    text = SERVICE
    start = text.index("[[exclusions]]")
    end = text.index("[categories]")
    text = text[:start] + text[end:]
    start = text.index("[[required]]")
    end = text.index("[[stages]]")
    text = text[:start] + text[end:]
    write(tmp_path, text, "service-complaint-v1.toml")
    procedure = ProcedureRegistry.load(tmp_path).get("service-complaint")
    assert procedure.exclusions == ()
    assert procedure.required_fields == ()


def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "two-stage-review-v1.toml"
    path.mkdir()
    with pytest.raises(
        DefinitionError, match=r"two-stage-review-v1.toml: \(file\): cannot be read"
    ):
        load_file(path)
