"""Reading a batch of report files for the county office: drafts and published reports alike.

Every file becomes a :class:`BatchEntry` — its report and findings, or the reason it could not be
read (one bad file never ends the batch). Files are read in worker processes (``spawn``, safe
under a running Qt application and in a frozen Windows build), results arrive as they finish
(so the first rows show at once) and the caller may cancel. Reports of the same body for
consecutive years are paired, so the cross-year rules run for every body.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NianbaoError
from .findings import Finding, count, sort_findings
from .report import Report
from .roster import same_body
from .rules import check

REPORT_SUFFIXES = (".json", ".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".xlsx")


@dataclass
class BatchEntry:
    """One file of the batch."""

    path: Path
    report: Report | None = None
    import_findings: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # check() + import findings, errors first
    error: str = ""  # why the file could not be read
    is_draft: bool = False

    @property
    def name(self) -> str:
        """The body's name as the file states it (or the file name)."""
        return self.report.agency if self.report is not None and self.report.agency else self.path.stem

    @property
    def counts(self) -> tuple[int, int]:
        """(errors, warnings); an unreadable file counts as one error."""
        return (1, 0) if self.error else count(self.findings)


def report_files(folder: str | Path) -> list[Path]:
    """The report files in ``folder`` (not its subfolders), by name; review files are left out."""
    base = Path(folder)
    return sorted(
        p
        for p in base.iterdir()
        if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$", "审核记录"))
    )


def read_one(path: str | Path) -> dict[str, Any]:
    """Read one file into plain data (runs in a worker process): draft text, import findings or error."""
    from . import draft

    p = Path(path)
    try:
        if p.suffix.lower() == ".json":
            report = draft.load(p)
            return {"draft": draft.dumps(report), "imported": [], "is_draft": True}
        from .importer import import_report

        result = import_report(p)
        return {
            "draft": draft.dumps(result.report),
            "imported": [f.to_dict() for f in result.findings],
            "is_draft": False,
        }
    except NianbaoError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # one broken file never ends the batch
        return {"error": f"「{p.name}」读取时出现程序内部错误（{type(exc).__name__}），已跳过"}


def _entry(path: Path, data: dict[str, Any]) -> BatchEntry:
    from . import draft

    entry = BatchEntry(path)
    if "error" in data:
        entry.error = str(data["error"])
        return entry
    entry.report = draft.loads(data["draft"].encode("utf-8"), str(path))
    entry.import_findings = [Finding.from_dict(f) for f in data["imported"]]
    entry.is_draft = bool(data["is_draft"])
    return entry


def read_files(
    paths: Sequence[str | Path],
    on_entry: Callable[[int, BatchEntry], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> list[BatchEntry | None]:
    """Read every file (in parallel), calling ``on_entry(index, entry)`` as each one is ready.

    Returns the entries in the order of ``paths`` (None for files not read because of a cancel).
    Findings are not yet set: call :func:`check_entries` once all are read (it pairs the years).
    """
    items = [Path(p) for p in paths]
    out: list[BatchEntry | None] = [None] * len(items)
    n = workers if workers is not None else min(len(items), os.cpu_count() or 1)
    if n <= 1 or len(items) <= 1:
        for i, p in enumerate(items):
            if cancelled is not None and cancelled():
                break
            out[i] = _entry(p, read_one(p))
            if on_entry is not None:
                on_entry(i, out[i])  # type: ignore[arg-type]
        return out
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        pending: dict[Future[dict[str, Any]], int] = {pool.submit(read_one, str(p)): i for i, p in enumerate(items)}
        while pending:
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                out[i] = _entry(items[i], future.result())
                if on_entry is not None:
                    on_entry(i, out[i])  # type: ignore[arg-type]
            if cancelled is not None and cancelled():
                for future in pending:
                    future.cancel()
                break
    return out


def last_year_index(report: Report | None, reports: Sequence[Report | None]) -> int | None:
    """Index in ``reports`` of last year's report of the same body as ``report``, if there is one."""
    if report is None or report.year is None:
        return None
    for i, prev in enumerate(reports):
        if prev is not None and prev.year == report.year - 1 and same_body(prev.agency, report.agency):
            return i
    return None


def pair_of(entry: BatchEntry, entries: Iterable[BatchEntry]) -> BatchEntry | None:
    """The entry of last year's report of the same body among ``entries``, if there is one."""
    pool = list(entries)
    i = last_year_index(entry.report, [e.report for e in pool])
    return pool[i] if i is not None else None


def previous_of(entry: BatchEntry, entries: Iterable[BatchEntry]) -> Report | None:
    """Last year's report of the same body among ``entries``, if there is one."""
    other = pair_of(entry, entries)
    return other.report if other is not None else None


def combine(imported: Sequence[Finding], checked: Sequence[Finding]) -> list[Finding]:
    """Import and check findings together, errors first; an "empty cell" warning about
    cells the importer already explained (blank, cut off, ambiguous…) is left out."""
    explained = {c for f in imported for c in f.cells}
    kept = [f for f in checked if not (f.rule == "cell.empty" and f.cells and set(f.cells) <= explained)]
    out = [*kept, *imported]
    sort_findings(out)
    return out


def check_entries(entries: Sequence[BatchEntry], earlier: Sequence[BatchEntry] = ()) -> None:
    """Run the checks on every entry, with last year's report of the same body where the batch
    (or ``earlier``, e.g. a second folder) has it; import findings are kept with the others."""
    pool = [*entries, *earlier]
    for entry in entries:
        if entry.report is None:
            continue
        entry.findings = combine(entry.import_findings, check(entry.report, previous_of(entry, pool)))
