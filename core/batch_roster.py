"""The county office's batch as a roster: one row per file, one per expected body without a file.

:class:`Batch` holds the files added (and last year's, from a second folder), what reading them
gave, the 单位名单, and which reports of another year or format the office chose into the sum.
:meth:`Batch.rows` says, per row, 单位, 层级, 年度, 格式, 错误, 警告, 来源文件, 发布日期 and
状态 — unreadable, 未报送, two files for one body, a body listed twice, another year or format
(left out of the sum unless chosen), last year's report, not on the list, paired with last year,
and the review's progress. No Qt here: the window shows these rows as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .batch import BatchEntry, check_entries, pair_of
from .batch_checks import batch_findings, body_groups, config
from .findings import Finding, sort_findings
from .formats import levels
from .review import Review
from .rollup import Group, Member, Rollup, roll_up
from .roster import RosterMatch, match_roster, same_body

# Row states, worst first: the window colours rows by them.
PENDING, UNREADABLE, MISSING, ERRORS, EXCLUDED, WARNINGS, OK = (
    "pending",
    "unreadable",
    "missing",
    "errors",
    "excluded",
    "warnings",
    "ok",
)


def _status(key: str, **values: object) -> str:
    return str(config()["status"][key]).format(**values)


@dataclass
class RosterRow:
    """One line of the roster, as shown."""

    name: str
    level: str = ""
    year: str = ""
    format: str = ""
    errors: int | None = None
    warnings: int | None = None
    source: str = ""
    published: str = ""
    status: str = ""
    state: str = OK
    entry: int | None = None  # index into Batch.entries; None for a 未报送 row
    flags: tuple[str, ...] = ()  # status keys that apply (duplicate, other_year, …)


@dataclass
class Batch:
    """The files of one review batch and what is known about them."""

    paths: list[Path] = field(default_factory=list)
    entries: list[BatchEntry | None] = field(default_factory=list)
    earlier: list[BatchEntry] = field(default_factory=list)  # last year's, from a second folder
    expected: list[str] = field(default_factory=list)  # 单位名单
    chosen: set[str] = field(default_factory=set)  # file names chosen into the sum despite year/format

    # ------------------------------------------------------------ files

    def add_paths(self, paths: Iterable[str | Path]) -> list[int]:
        """Add files not yet in the batch; returns the indices of the new ones (to be read)."""
        known = {p.resolve() for p in self.paths}
        new = []
        for raw in paths:
            p = Path(raw)
            if p.resolve() in known:
                continue
            known.add(p.resolve())
            self.paths.append(p)
            self.entries.append(None)
            new.append(len(self.paths) - 1)
        return new

    def set_entry(self, index: int, entry: BatchEntry) -> None:
        """Store what reading file ``index`` gave."""
        self.entries[index] = entry

    def read(self) -> list[BatchEntry]:
        """The entries read so far."""
        return [e for e in self.entries if e is not None]

    # ------------------------------------------------------------ the batch's year and format

    def main_year(self) -> int | None:
        """The report year most files have (the batch's year)."""
        return _most_common([e.report.year for e in self.read() if e.report is not None and e.report.year])

    def main_format(self) -> str | None:
        """The format most reports of the batch's year use."""
        year = self.main_year()
        return _most_common([e.report.format.id for e in self.read() if e.report is not None and e.report.year == year])

    # ------------------------------------------------------------ checks

    def compute_findings(self) -> dict[int, list[Finding]]:
        """Every entry's findings with last year paired and the cross-body checks (entries are not changed:
        this may run in a worker thread while the window shows them; :meth:`apply_findings` stores them)."""
        live = [(i, e) for i, e in enumerate(self.entries) if e is not None and e.report is not None]
        copies = [dataclasses.replace(e) for _, e in live]
        check_entries(copies, self.earlier)
        cross = batch_findings(copies, self.main_year())
        out: dict[int, list[Finding]] = {}
        for k, (i, _) in enumerate(live):
            found = copies[k].findings + cross.get(k, [])
            sort_findings(found)
            out[i] = found
        return out

    def apply_findings(self, findings: dict[int, list[Finding]]) -> None:
        """Store what :meth:`compute_findings` gave."""
        for i, found in findings.items():
            entry = self.entries[i]
            if entry is not None:
                entry.findings = found

    # ------------------------------------------------------------ bodies

    def body_name(self, index: int) -> str:
        """The body of entry ``index`` as the review knows it: the name in the file, else the file name."""
        entry = self.entries[index]
        if entry is not None and entry.report is not None and entry.report.agency.strip():
            return entry.report.agency.strip()
        return self.paths[index].stem

    def roster_match(self) -> RosterMatch | None:
        """The 单位名单 matched against the bodies of the files (None without a list)."""
        if not self.expected:
            return None
        return match_roster(self.expected, [e.report.agency for e in self.read() if e.report is not None])

    def is_reviewed(self, index: int) -> bool:
        """Whether entry ``index`` is one the office reviews: read, of the batch's year."""
        entry = self.entries[index]
        return entry is not None and entry.report is not None and entry.report.year == self.main_year()

    def record_rounds(self, review: Review) -> list[int]:
        """Record every reviewed file as a round of its body (a changed file is a new round).

        Files are taken oldest first, so of two files of one body the newer one is the latest round.
        Returns the indices recorded; a file that vanished since it was read is skipped.
        """
        done = []
        order = sorted(range(len(self.entries)), key=lambda i: self._mtime(self.paths[i].name))
        for i in order:  # oldest first: of two files of one body, the newer is the later round
            entry = self.entries[i]
            if entry is None or not self.is_reviewed(i):
                continue
            try:
                review.add_round(review.key_for(self.body_name(i)), entry.path, entry.findings)
            except OSError:
                continue
            done.append(i)
        return done

    # ------------------------------------------------------------ the roster

    def rows(self, review: Review | None = None) -> list[RosterRow]:
        """The roster: every file in the order added, then the expected bodies without a file."""
        year, fmt = self.main_year(), self.main_format()
        entries = self.read()
        pool = [*entries, *self.earlier]
        duplicates = self._duplicates()
        match = self.roster_match()
        on_list = {n for hits in match.matched.values() for n in hits} if match else set()
        level_labels = levels()
        rows: list[RosterRow] = []
        for i, entry in enumerate(self.entries):
            path = self.paths[i]
            if entry is None:
                rows.append(RosterRow(path.stem, source=path.name, status=_status("pending"), state=PENDING, entry=i))
                continue
            if entry.report is None:
                reason = entry.error
                row = RosterRow(path.stem, source=path.name, status=_status("unreadable", reason=reason))
                row.errors, row.warnings, row.state, row.entry = 1, 0, UNREADABLE, i
                rows.append(row)
                continue
            report = entry.report
            errors, warnings = entry.counts
            row = RosterRow(
                self._shown_name(report.agency, match) or path.stem,
                level_labels.get(report.level, report.level),
                str(report.year or ""),
                report.format.name,
                errors,
                warnings,
                path.name,
                report.published,
                entry=i,
            )
            notes: list[str] = []
            flags: list[str] = []
            if i in duplicates:
                others = "、".join(f"「{self.paths[j].name}」" for j in duplicates[i])
                notes.append(_status("duplicate", n=len(duplicates[i]) + 1, year=report.year, others=others))
                flags.append("duplicate")
            later = self._later_of(entry, entries)
            excluded = False
            if later is not None:
                notes.append(_status("previous", file=later.path.name))
                flags.append("previous")
                excluded = path.name not in self.chosen
            elif report.year != year:
                key = "other_year" if report.year else "no_year"
                notes.append(_status(key, year=report.year, main=year))
                flags.append("other_year")
                excluded = path.name not in self.chosen
            elif fmt is not None and report.format.id != fmt:
                main_label = next(e.report.format.label for e in entries if e.report and e.report.format.id == fmt)
                notes.append(_status("other_format", format=report.format.label, main=main_label))
                flags.append("other_format")
                excluded = path.name not in self.chosen
            if not excluded and {"other_year", "other_format", "previous"} & set(flags):
                notes.append(_status("chosen"))
            if match is not None and report.agency not in on_list:
                notes.append(_status("unmatched"))
                flags.append("unmatched")
            paired = pair_of(entry, pool)
            if paired is not None and later is None:
                notes.append(_status("paired", file=paired.path.name))
                flags.append("paired")
            if review is not None and self.is_reviewed(i):
                notes += _review_notes(review, self.body_name(i))
            row.status = "；".join(notes) or _status("ok")
            row.flags = tuple(flags)
            row.state = ERRORS if errors else EXCLUDED if excluded else WARNINGS if warnings or flags else OK
            rows.append(row)
        if match is not None:
            for name in match.missing:
                rows.append(RosterRow(name, status=_status("missing"), state=MISSING))
            for name in match.duplicates:
                rows.append(RosterRow(name, status=_status("listed_twice"), state=WARNINGS, flags=("listed_twice",)))
        return rows

    def _shown_name(self, agency: str, match: RosterMatch | None) -> str:
        """The roster's name for a body when a list is loaded (the office's own spelling), else the file's."""
        if match is not None:
            for expected, hits in match.matched.items():
                if agency in hits:
                    return expected
        return agency.strip()

    def _duplicates(self) -> dict[int, list[int]]:
        """Entry index -> the other entries of the same body and year."""
        index = {id(e): i for i, e in enumerate(self.entries) if e is not None}
        read = self.read()
        out: dict[int, list[int]] = {}
        for group in body_groups(read):
            by_year: dict[int | None, list[int]] = {}
            for k in group:
                by_year.setdefault(read[k].report.year, []).append(index[id(read[k])])  # type: ignore[union-attr]
            for same in by_year.values():
                if len(same) > 1:
                    for i in same:
                        out[i] = [j for j in same if j != i]
        return out

    def _later_of(self, entry: BatchEntry, entries: Sequence[BatchEntry]) -> BatchEntry | None:
        """The batch-year report of the same body that this one is last year's report of."""
        year = self.main_year()
        report = entry.report
        if report is None or year is None or report.year != year - 1:
            return None
        for other in entries:
            if other.report is not None and other.report.year == year and same_body(other.report.agency, report.agency):
                return other
        return None

    # ------------------------------------------------------------ the sum

    def members(self, group: Group) -> list[Member]:
        """The reports to sum for ``group``: readable files of its levels (other years and formats too:
        :func:`roll_up` leaves them out unless chosen)."""
        out = []
        for i, entry in enumerate(self.entries):
            if entry is None or entry.report is None or not group.admits(entry.report.level):
                continue
            out.append(Member(self.body_name(i), self.paths[i].name, entry.report))
        return out

    def roll_up(self, group: Group) -> Rollup | None:
        """The sum over ``group`` (None when no report belongs to it). Of two files of one body and
        year only the newer one (by modification time) counts, so no body is counted twice."""
        members = self.members(group)
        if not members:
            return None
        newest = sorted(members, key=lambda m: self._mtime(m.source), reverse=True)
        seen: list[Member] = []
        twice: list[tuple[Member, str]] = []
        for m in newest:
            first = next((s for s in seen if s.report.year == m.report.year and same_body(s.name, m.name)), None)
            if first is not None:
                twice.append((m, f"同一单位较新的文件「{first.source}」已计入"))
            else:
                seen.append(m)
        kept = [m for m in members if m in seen]  # the order of the roster
        result = roll_up(kept, self.main_format(), self.main_year(), include=self.chosen)
        result.excluded.extend(twice)
        return result

    def _mtime(self, source: str) -> float:
        for p in self.paths:
            if p.name == source:
                try:
                    return p.stat().st_mtime
                except OSError:
                    return 0.0
        return 0.0


def _review_notes(review: Review, name: str) -> list[str]:
    key = review.key_for(name)
    if key not in review.bodies:
        return []
    body = review.bodies[key]
    notes = []
    comparison = body.comparison()
    if comparison is not None:
        notes.append(
            _status(
                "round",
                n=len(body.rounds),
                fixed=len(comparison.fixed),
                still=len(comparison.still_open),
                new=len(comparison.new),
            )
        )
    confirmed, ignored, undecided = body.counts()
    if confirmed or ignored:
        notes.append(_status("reviewed", confirmed=confirmed, ignored=ignored, open=undecided))
    return notes


T = TypeVar("T")


def _most_common(values: list[T]) -> T | None:
    counts: dict[T, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: (counts[v], str(v))) if counts else None
