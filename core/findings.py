"""What a check or an import reports: a :class:`Finding` with a severity and a location.

Every finding knows where it is, so the window can take the user there without reading the
message: the cells it concerns, or a span of characters in one text part, or a meta field
(基本信息). The rules, the text checks, the importer and the audit all produce these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How serious a finding is. The value is the stable id used in JSON and CSV."""

    ERROR = "error"  # the report contradicts itself or the format: must be fixed
    WARNING = "warning"  # probably wrong, or missing: should be looked at
    NOTE = "note"  # a hint (提示): worth a look, often fine

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def label(self) -> str:
        """The Chinese word shown to users: 错误 / 警告 / 提示."""
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return _RANKS[self]


_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}
_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}

ERROR = Severity.ERROR
WARNING = Severity.WARNING
NOTE = Severity.NOTE

#: Meta fields a finding can point at (the fields of 基本信息).
META_FIELDS = ("agency", "level", "year", "published", "format", "previous")


@dataclass(frozen=True)
class Finding:
    """One problem found in a report, and where it is.

    ``cells`` are cell ids of the report's format; ``part`` is a text part id (``preface`` or a
    section id) with ``span`` the (start, end) character offsets in that part's text as the
    user wrote it; ``meta`` names a field of 基本信息. Any of them may be empty.
    """

    severity: Severity
    rule: str
    message: str
    cells: tuple[str, ...] = ()
    part: str | None = None
    span: tuple[int, int] | None = None
    meta: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form: severity, rule, message, cells, and part/span/meta when set."""
        d: dict[str, object] = {
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
            "cells": list(self.cells),
        }
        if self.part is not None:
            d["part"] = self.part
        if self.span is not None:
            d["span"] = list(self.span)
        if self.meta is not None:
            d["meta"] = self.meta
        return d

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Finding:
        """The inverse of :meth:`to_dict` (raises KeyError/ValueError/TypeError on bad data)."""
        span = data.get("span")
        return cls(
            Severity(data["severity"]),
            str(data["rule"]),
            str(data["message"]),
            tuple(str(c) for c in data.get("cells", ())),  # type: ignore[attr-defined]
            str(data["part"]) if data.get("part") is not None else None,
            (int(span[0]), int(span[1])) if span is not None else None,  # type: ignore[index]
            str(data["meta"]) if data.get("meta") is not None else None,
        )

    @property
    def label(self) -> str:
        """「错误：…」 / 「警告：…」: the message with its severity, as lists show it."""
        return f"{self.severity.label}：{self.message}"


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings and notes) in ``findings``."""
    items = list(findings)
    errors = sum(f.severity is Severity.ERROR for f in items)
    return errors, len(items) - errors


def sort_findings(findings: list[Finding]) -> None:
    """Errors first, then warnings, then notes; stable within each."""
    findings.sort(key=lambda f: f.severity.rank)
