"""Load and validate procedure definition files (TOML, read with the standard library).

A broken definition fails when the registry is loaded (at start-up), with one line naming the
file, the field and the problem, e.g.::

    two-stage-review-v1.toml: stages[1].target_working_days: must be a whole number of at
    least 1, not a number -3

(shown here on two lines; the message is one).

Never later, while a case is being handled. Unknown keys are errors too, so a typo cannot silently
drop a rule. See docs/adr/0002-procedure-definitions-as-toml.md and procedures/README.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from putright.policy.model import (
    CLOCKS,
    KNOWN_OUTCOMES,
    STAGE_KINDS,
    TIME_LIMIT_STARTS,
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
    Stage,
    TimeLimit,
)
from putright.policy.text import Text

__all__ = ["FORMAT", "REQUIRED_FIELD_NAMES", "DefinitionError", "load_file"]

#: The definition file format this loader reads (the ``format`` key).
FORMAT = 1
#: What a procedure can require the complainant to tell us.
REQUIRED_FIELD_NAMES: tuple[str, ...] = ("what_went_wrong", "put_right")

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ROLE = re.compile(r"^[a-z][a-z0-9_]*$")


class DefinitionError(ValueError):
    """A procedure definition file is broken: ``file``, ``field`` and ``problem`` say where and
    why, and ``str()`` is one line."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        super().__init__(file, field, problem)
        self.file = file
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.problem}"


def _kind(value: object) -> str:
    """How to name a value's TOML type in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime):
        return "a date and time"
    return "a date"  # the only TOML value type left (date or time-of-day)


class _Table:
    """A TOML table being read, with the dotted path used in error messages."""

    def __init__(self, file: str, path: str, data: dict[str, Any]) -> None:
        self.file = file
        self.path = path
        self.data = data

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> DefinitionError:
        return DefinitionError(self.file, self.field(key), problem)

    def only(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                raise self.fail(key, f"unknown key; expected one of: {', '.join(sorted(allowed))}")

    def raw(self, key: str, *, optional: bool = False) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise self.fail(key, "missing")
        return self.data[key]

    def opt_string(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.string(key)

    def string(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be non-empty text, not {_kind(value)} {value!r}")
        return value.strip()

    def code(self, key: str) -> str:
        value = self.string(key)
        if not _CODE.match(value):
            raise self.fail(key, f"must be a lower-case code like 'stage-1', not {value!r}")
        return value

    def role(self, key: str) -> str | None:
        value = self.opt_string(key)
        if value is not None and not _ROLE.match(value):
            raise self.fail(key, f"must be a role code like 'complaints_manager', not {value!r}")
        return value

    def opt_integer(self, key: str, *, minimum: int) -> int | None:
        if key not in self.data:
            return None
        return self.integer(key, minimum=minimum)

    def integer(self, key: str, *, minimum: int) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(
                key, f"must be a whole number of at least {minimum}, not {_kind(value)} {value!r}"
            )
        return value

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {_kind(value)} {value!r}")
        return value

    def date(self, key: str) -> date:
        value = self.raw(key)
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.fail(key, f"must be a date like 2026-01-01, not {_kind(value)} {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.string(key)
        if value not in choices:
            raise self.fail(key, f"must be one of: {', '.join(choices)}; not {value!r}")
        return value

    def opt_table(self, key: str) -> _Table | None:
        if key not in self.data:
            return None
        return self.table(key)

    def table(self, key: str) -> _Table:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, not {_kind(value)}")
        return _Table(self.file, self.field(key), value)

    def tables(self, key: str, *, minimum: int = 0) -> list[_Table]:
        value = self.raw(key, optional=minimum == 0)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, f"must be a list of tables ([[{key}]]), not {_kind(value)}")
        if len(value) < minimum:
            raise self.fail(
                key, f"must have at least {minimum} entr{'y' if minimum == 1 else 'ies'}"
            )
        return [_Table(self.file, f"{self.field(key)}[{i}]", item) for i, item in enumerate(value)]

    def strings(self, key: str) -> list[str]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, f"must be a list of non-empty text, not {value!r}")
        return value

    def text(self, key: str) -> Text:
        table = self.table(key)
        table.only(("en", "cy"))
        return Text(en=table.string("en"), cy=table.string("cy"))


def _unique(tables: list[_Table], values: list[str], key: str) -> None:
    seen: set[str] = set()
    for table, value in zip(tables, values, strict=True):
        if value in seen:
            raise table.fail(key, f"{value!r} is used more than once")
        seen.add(value)


def _reviewer(t: _Table) -> ReviewerRule:
    t.only(
        (
            "independent_of_original_handler",
            "independent_of_earlier_stages",
            "seniority_preferred",
            "required_team",
            "required_role",
            "who",
            "clause",
        )
    )
    team = t.raw("required_team", optional=True)
    if team is not None:
        team = t.code("required_team")
    role = t.role("required_role")
    who = t.text("who") if t.raw("who", optional=True) is not None else None
    if (team or role) and who is None:
        raise t.fail(
            "who",
            "is required with required_team or required_role: who the reviewer must be, "
            'in words, e.g. { en = "a member of the Business Assurance Team", cy = "…" }',
        )
    return ReviewerRule(
        independent_of_original_handler=t.boolean("independent_of_original_handler"),
        independent_of_earlier_stages=t.boolean("independent_of_earlier_stages"),
        seniority_preferred=t.boolean("seniority_preferred"),
        required_team=team,
        clause=t.string("clause"),
        required_role=role,
        who=who,
    )


def _extension(t: _Table) -> ExtensionRule:
    t.only(("allowed", "max_without_approval", "approver_role", "clause"))
    allowed = t.boolean("allowed")
    most = t.integer("max_without_approval", minimum=0)
    role = t.role("approver_role")
    if not allowed and (most or role):
        raise t.fail(
            "allowed", "is false, so max_without_approval must be 0 and approver_role absent"
        )
    if allowed and most == 0 and role is None:
        raise t.fail("approver_role", "missing: no extension could ever be granted without one")
    return ExtensionRule(
        allowed=allowed, max_without_approval=most, approver_role=role, clause=t.string("clause")
    )


def _stage(t: _Table, *, first: bool, last: bool) -> Stage:
    t.only(
        (
            "key",
            "title",
            "description",
            "kind",
            "target_working_days",
            "clock",
            "target_clause",
            "reviewer",
            "extension",
            "findings",
            "escalation",
            "is_final",
            "clause",
        )
    )
    key = t.code("key")
    is_final = t.boolean("is_final")
    if is_final != last:
        raise t.fail("is_final", "must be true for the last stage and false for every other stage")
    clock = t.choice("clock", CLOCKS)
    if first and clock != "receipt":
        raise t.fail("clock", "the first stage's target can only count from 'receipt'")
    escalation_table = t.opt_table("escalation")
    escalation = None
    if escalation_table is not None:
        if is_final:
            raise t.fail("escalation", "a final stage has no next stage to escalate to")
        escalation_table.only(("window_months", "clause"))
        escalation = EscalationRule(
            window_months=escalation_table.integer("window_months", minimum=1),
            clause=escalation_table.string("clause"),
        )
    findings = t.tables("findings")
    finding_codes = []
    for f in findings:
        f.only(("code", "text"))
        finding_codes.append(f.code("code"))
    _unique(findings, finding_codes, "code")
    reviewer = t.table("reviewer")
    extension = t.table("extension")
    return Stage(
        key=key,
        title=t.text("title"),
        description=t.text("description"),
        kind=t.choice("kind", STAGE_KINDS),  # type: ignore[arg-type]
        target_working_days=t.opt_integer("target_working_days", minimum=1),
        clock=clock,  # type: ignore[arg-type]
        target_clause=t.string("target_clause"),
        reviewer=_reviewer(reviewer),
        extension=_extension(extension),
        findings=tuple(
            FindingQuestion(code=code, text=f.text("text"))
            for code, f in zip(finding_codes, findings, strict=True)
        ),
        escalation=escalation,
        is_final=is_final,
        clause=t.string("clause"),
    )


def _coded(tables: list[_Table], extra: tuple[str, ...] = ()) -> list[str]:
    codes = []
    for t in tables:
        t.only(("code", "title", *extra))
        codes.append(t.code("code"))
    _unique(tables, codes, "code")
    return codes


_TOP_KEYS = (
    "format",
    "id",
    "version",
    "effective_from",
    "title",
    "summary",
    "acknowledgement",
    "time_limit",
    "representatives",
    "required",
    "stages",
    "exclusions",
    "categories",
    "remedies",
    "outcomes",
    "ombudsman",
    "final",
)


def _procedure(t: _Table, source: str, expected_name: str) -> Procedure:
    t.only(_TOP_KEYS)
    fmt = t.integer("format", minimum=1)
    if fmt != FORMAT:
        raise t.fail("format", f"this Putright reads format {FORMAT}, not {fmt}")
    pid = t.code("id")
    version = t.integer("version", minimum=1)
    name = f"{pid}-v{version}.toml"
    if name != expected_name:
        raise t.fail("id", f"the file for {pid!r} version {version} must be named {name!r}")

    ack = t.table("acknowledgement")
    ack.only(("working_days", "clause"))

    limit = t.table("time_limit")
    limit.only(("months", "starts_from", "clause", "note"))
    time_limit = TimeLimit(
        months=limit.integer("months", minimum=1),
        starts_from=limit.choice("starts_from", TIME_LIMIT_STARTS),  # type: ignore[arg-type]
        clause=limit.string("clause"),
    )

    reps = t.table("representatives")
    reps.only(("consent_required", "clause"))

    required = t.tables("required")
    names = []
    for r in required:
        r.only(("field", "clause"))
        names.append(r.choice("field", REQUIRED_FIELD_NAMES))
    _unique(required, names, "field")

    stage_tables = t.tables("stages", minimum=1)
    stages = tuple(
        _stage(s, first=i == 0, last=i == len(stage_tables) - 1) for i, s in enumerate(stage_tables)
    )
    _unique(stage_tables, [s.key for s in stages], "key")

    exclusions = t.tables("exclusions")
    exclusion_codes = _coded(exclusions, ("signposting", "clause"))

    cats = t.table("categories")
    cats.only(("clause", "list"))
    category_tables = cats.tables("list", minimum=1)
    category_codes = _coded(category_tables)

    remedy_tables = t.tables("remedies", minimum=1)
    remedy_codes = _coded(remedy_tables, ("needs_amount", "needs_approval", "needs_justification"))

    outcome_tables = t.tables("outcomes", minimum=1)
    outcome_codes = _coded(outcome_tables)
    for o, code in zip(outcome_tables, outcome_codes, strict=True):
        if code not in KNOWN_OUTCOMES:
            raise o.fail("code", f"must be one of: {', '.join(KNOWN_OUTCOMES)}; not {code!r}")

    ombudsman = None
    omb = t.opt_table("ombudsman")
    if omb is not None:
        omb.only(("name", "address", "phone", "email"))
        ombudsman = Ombudsman(
            name=omb.string("name"),
            address=tuple(omb.strings("address")),
            phone=omb.string("phone"),
            email=omb.string("email"),
        )

    final = t.table("final")
    final.only(("text", "clause"))

    return Procedure(
        id=pid,
        version=version,
        effective_from=t.date("effective_from"),
        title=t.text("title"),
        summary=t.text("summary"),
        acknowledgement_working_days=ack.integer("working_days", minimum=1),
        acknowledgement_clause=ack.string("clause"),
        time_limit=time_limit,
        time_limit_note=limit.text("note"),
        consent_required=reps.boolean("consent_required"),
        consent_clause=reps.string("clause"),
        required_fields=tuple(
            RequiredField(name=n, clause=r.string("clause"))
            for n, r in zip(names, required, strict=True)
        ),
        stages=stages,
        exclusions=tuple(
            Exclusion(
                code=code,
                title=e.text("title"),
                signposting=e.text("signposting"),
                clause=e.string("clause"),
            )
            for code, e in zip(exclusion_codes, exclusions, strict=True)
        ),
        categories=tuple(
            Category(code=code, title=c.text("title"))
            for code, c in zip(category_codes, category_tables, strict=True)
        ),
        categories_clause=cats.string("clause"),
        remedies=tuple(
            RemedyType(
                code=code,
                title=r.text("title"),
                needs_amount=r.boolean("needs_amount"),
                needs_approval=r.boolean("needs_approval"),
                needs_justification=r.boolean("needs_justification"),
            )
            for code, r in zip(remedy_codes, remedy_tables, strict=True)
        ),
        outcomes=tuple(
            Outcome(code=code, title=o.text("title"))
            for code, o in zip(outcome_codes, outcome_tables, strict=True)
        ),
        ombudsman=ombudsman,
        finality=final.text("text"),
        finality_clause=final.string("clause"),
        source=source,
    )


def load_file(path: Path) -> Procedure:
    """Read and validate one definition file; ``DefinitionError`` names the file, field and
    problem."""
    name = path.name
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(name, "(syntax)", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise DefinitionError(name, "(file)", f"cannot be read: {exc.strerror}") from None
    return _procedure(_Table(name, "", data), source=name, expected_name=name)
