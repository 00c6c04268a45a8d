"""The set of loaded procedures: every version of every definition file in a directory."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from putright.policy.loader import DefinitionError, load_file
from putright.policy.model import Procedure, UnknownProcedure

__all__ = ["PROCEDURES_DIR", "ProcedureRegistry", "get_registry"]

#: Where the procedure definitions shipped with Putright live.
PROCEDURES_DIR = Path(__file__).parent / "procedures"


class ProcedureRegistry:
    """Procedures by id and version. Build it with ``ProcedureRegistry.load(directory)``."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_id: dict[str, dict[int, Procedure]] = {}
        for procedure in procedures:
            versions = self._by_id.setdefault(procedure.id, {})
            if procedure.version in versions:
                raise DefinitionError(
                    procedure.source,
                    "version",
                    f"{procedure.id} version {procedure.version} is already defined in "
                    f"{versions[procedure.version].source}",
                )
            versions[procedure.version] = procedure

    @classmethod
    def load(cls, directory: Path | str) -> ProcedureRegistry:
        """Load and validate every ``*.toml`` file in ``directory``.

        Raises ``DefinitionError`` (file, field, problem) for the first broken file, or when the
        directory holds no definitions at all.
        """
        directory = Path(directory)
        files = sorted(directory.glob("*.toml"))
        if not files:
            raise DefinitionError(
                str(directory), "(directory)", "contains no *.toml procedure files"
            )
        return cls(load_file(path) for path in files)

    def ids(self) -> list[str]:
        """The procedure ids, sorted."""
        return sorted(self._by_id)

    def all(self) -> list[Procedure]:
        """The latest version of each procedure, sorted by id."""
        return [self.get(pid) for pid in self.ids()]

    def versions(self, procedure_id: str) -> list[int]:
        """The versions loaded for a procedure, ascending."""
        return sorted(self._versions(procedure_id))

    def _versions(self, procedure_id: str) -> dict[int, Procedure]:
        try:
            return self._by_id[procedure_id]
        except KeyError:
            ids = tuple(self.ids())
            raise UnknownProcedure(
                f"unknown procedure {procedure_id!r}; valid procedures: {', '.join(ids)}", ids
            ) from None

    def get(self, procedure_id: str, version: int | None = None) -> Procedure:
        """One procedure: the given version, or the latest when ``version`` is None.

        ``UnknownProcedure`` (a KeyError) lists the valid ids, or the valid versions.
        """
        versions = self._versions(procedure_id)
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            valid = tuple(str(v) for v in sorted(versions))
            raise UnknownProcedure(
                f"{procedure_id} has no version {version}; valid versions: {', '.join(valid)}",
                valid,
            )
        return versions[version]

    def effective_on(self, procedure_id: str, on: date) -> Procedure:
        """The version in force on a date: the latest whose ``effective_from`` is not after it.

        Before the first version took effect, the first version applies.
        """
        versions = [self._versions(procedure_id)[v] for v in self.versions(procedure_id)]
        in_force = [p for p in versions if p.effective_from <= on]
        return in_force[-1] if in_force else versions[0]


@functools.cache
def get_registry() -> ProcedureRegistry:
    """The procedures shipped with Putright, loaded and validated once per process."""
    return ProcedureRegistry.load(PROCEDURES_DIR)
