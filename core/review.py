"""The county office's review of a batch: decisions on findings, comments, rounds — one JSON file.

The file (``审核记录.json`` beside the batch, schema 1) keeps, per body, every round read (the file,
its SHA-256, when, and the findings then), the reviewer's decision on each finding (确认 /
忽略, with a comment) and free comments. It is written atomically, so a review survives a crash
or a restart. A second round (the body sent a corrected file) is compared with the previous
one: which findings are fixed, which are still open, which are new.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic
from .errors import NianbaoError, os_reason
from .findings import Finding

REVIEW_SCHEMA = 1
REVIEW_FILE = "审核记录.json"
CONFIRMED = "confirmed"
IGNORED = "ignored"
STATUS_LABELS = {CONFIRMED: "确认", IGNORED: "忽略"}


class ReviewError(NianbaoError):
    """A review file that cannot be read or written."""


def finding_key(f: Finding) -> str:
    """A finding's identity across rounds: rule and location (the message only where nothing else tells)."""
    where = ",".join(f.cells) or (f.part or "") or (f.meta or "")
    return f"{f.rule}|{where}|{f.message if not f.cells else ''}"


@dataclass
class Decision:
    """The reviewer's decision on one finding."""

    status: str  # CONFIRMED | IGNORED
    comment: str = ""


@dataclass
class Round:
    """One file of a body as read for review."""

    file: str
    sha256: str
    read_at: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class BodyReview:
    """Everything the office decided about one body."""

    rounds: list[Round] = field(default_factory=list)
    decisions: dict[str, Decision] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def decide(self, finding: Finding, status: str, comment: str = "") -> None:
        """Mark ``finding`` 确认 or 忽略 (with a comment)."""
        if status not in STATUS_LABELS:
            raise ValueError(status)
        self.decisions[finding_key(finding)] = Decision(status, comment)

    def decision(self, finding: Finding) -> Decision | None:
        """The decision on ``finding``, if any."""
        return self.decisions.get(finding_key(finding))

    def comparison(self) -> RoundComparison | None:
        """The latest round against the one before it (None before a second round)."""
        if len(self.rounds) < 2:
            return None
        return compare_rounds(self.rounds[-2].findings, self.rounds[-1].findings)

    def counts(self) -> tuple[int, int, int]:
        """(confirmed, ignored, undecided) among the latest round's findings."""
        findings = self.rounds[-1].findings if self.rounds else []
        decided = [self.decision(f) for f in findings]
        confirmed = sum(1 for d in decided if d is not None and d.status == CONFIRMED)
        ignored = sum(1 for d in decided if d is not None and d.status == IGNORED)
        return confirmed, ignored, len(findings) - confirmed - ignored

    def undecide(self, finding: Finding) -> None:
        """Take back the decision on ``finding``."""
        self.decisions.pop(finding_key(finding), None)

    def confirmed(self) -> list[tuple[Finding, Decision]]:
        """The latest round's findings the reviewer confirmed, with their decisions."""
        if not self.rounds:
            return []
        out = []
        for f in self.rounds[-1].findings:
            d = self.decision(f)
            if d is not None and d.status == CONFIRMED:
                out.append((f, d))
        return out


@dataclass
class RoundComparison:
    """The latest round against the one before it."""

    fixed: list[Finding]
    still_open: list[Finding]
    new: list[Finding]


def compare_rounds(previous: Sequence[Finding], current: Sequence[Finding]) -> RoundComparison:
    """Which findings of ``previous`` are gone (fixed), still there, or new in ``current``."""
    before = {finding_key(f) for f in previous}
    now = {finding_key(f) for f in current}
    return RoundComparison(
        fixed=[f for f in previous if finding_key(f) not in now],
        still_open=[f for f in current if finding_key(f) in before],
        new=[f for f in current if finding_key(f) not in before],
    )


@dataclass
class Review:
    """The review of one batch: bodies by name."""

    bodies: dict[str, BodyReview] = field(default_factory=dict)
    reviewer: str = ""
    office: str = ""  # 审核单位, e.g. 某某县人民政府办公室（政务公开办）

    def body(self, name: str) -> BodyReview:
        """The review of body ``name`` (created when first asked for)."""
        return self.bodies.setdefault(name, BodyReview())

    def key_for(self, name: str) -> str:
        """The name this review already knows the body by (tolerant: 全称/简称), else ``name``."""
        if name in self.bodies:
            return name
        from .roster import same_body

        return next((known for known in self.bodies if same_body(known, name)), name)

    def add_round(self, name: str, path: str | Path, findings: Sequence[Finding]) -> Round:
        """Record a newly read file of ``name``; a file read before (same content) is not a new round."""
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        body = self.body(name)
        for old in body.rounds:
            if old.sha256 == digest:
                old.findings = list(findings)
                return old
        now = _dt.datetime.now().isoformat(timespec="seconds")
        body.rounds.append(Round(Path(path).name, digest, now, list(findings)))
        return body.rounds[-1]


def dumps(review: Review) -> str:
    """The review file's text."""
    bodies: dict[str, Any] = {}
    for name, body in review.bodies.items():
        bodies[name] = {
            "rounds": [
                {
                    "file": r.file,
                    "sha256": r.sha256,
                    "read_at": r.read_at,
                    "findings": [f.to_dict() for f in r.findings],
                }
                for r in body.rounds
            ],
            "decisions": {k: {"status": d.status, "comment": d.comment} for k, d in body.decisions.items()},
            "comments": list(body.comments),
        }
    data = {"review_schema": REVIEW_SCHEMA, "reviewer": review.reviewer, "office": review.office, "bodies": bodies}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save(review: Review, path: str | Path) -> None:
    """Write the review file atomically."""
    target = Path(path)
    try:
        write_bytes_atomic(target, dumps(review).encode("utf-8"))
    except OSError as exc:
        raise ReviewError(f"无法保存审核记录「{target}」：{os_reason(exc)}", path=target) from exc


def load(path: str | Path) -> Review:
    """Read a review file; a missing file is an empty review. Raises :class:`ReviewError`."""
    p = Path(path)
    if not p.exists():
        return Review()
    try:
        data = json.loads(p.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ReviewError(f"无法读取审核记录「{p}」：{os_reason(exc)}", path=p) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReviewError(f"审核记录「{p}」已损坏，无法读取（{type(exc).__name__}）", path=p) from exc
    try:
        if data.get("review_schema") != REVIEW_SCHEMA:
            raise ReviewError(f"审核记录「{p}」的版本（{data.get('review_schema')}）本程序不认识，请升级程序", path=p)
        review = Review(reviewer=str(data.get("reviewer", "")), office=str(data.get("office", "")))
        for name, raw in data["bodies"].items():
            body = review.body(str(name))
            for r in raw.get("rounds", []):
                findings = [Finding.from_dict(f) for f in r.get("findings", [])]
                body.rounds.append(Round(str(r["file"]), str(r["sha256"]), str(r["read_at"]), findings))
            for key, d in raw.get("decisions", {}).items():
                if d["status"] not in STATUS_LABELS:
                    raise ValueError(d["status"])
                body.decisions[str(key)] = Decision(d["status"], str(d.get("comment", "")))
            body.comments = [str(c) for c in raw.get("comments", [])]
        return review
    except ReviewError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReviewError(f"审核记录「{p}」的内容不完整或有误（{type(exc).__name__}: {exc}）", path=p) from exc
