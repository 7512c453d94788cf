"""The 汇总审核 window: add a batch of files, see the roster fill as they are read, review each
body, roll up the figures. Reading runs in a background thread (worker processes underneath);
the window only handles its signals, so it never freezes, and 取消 stops it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nianbao.core import review as reviews
from nianbao.core.batch import REPORT_SUFFIXES, BatchEntry, report_files
from nianbao.core.batch_roster import Batch
from nianbao.core.errors import NianbaoError
from nianbao.core.roster import read_roster

from .body_page import BodyPage
from .reader import CheckThread, ReadThread
from .rollup_page import RollupPage
from .roster_model import ROW_ROLE, SORT_ROLE, RosterModel

TITLE = "汇总审核"
MAIN, EARLIER = "main", "earlier"
REPORT_FILTER = "年报和草稿 (" + " ".join(f"*{s}" for s in REPORT_SUFFIXES) + ");;所有文件 (*)"
ROSTER_FILTER = "单位名单 (*.txt *.xlsx);;所有文件 (*)"
REFRESH_MS = 150


class WorkbenchWindow(QMainWindow):
    """名册 / 单位审核 / 汇总 over one :class:`Batch` and its review file (审核记录.json beside the batch)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        workers: int | None = None,
        open_draft: Callable[[Path], object] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.batch = Batch()
        self.review = reviews.Review()
        self.review_path: Path | None = None
        self.workers = workers
        self._jobs: deque[tuple[str, list[int], list[Path]]] = deque()
        self._reader: ReadThread | None = None
        self._checker: CheckThread | None = None
        self._done = 0
        self._total = 0
        self._note = ""  # said when reading ends (a cancel)

        self._create_actions()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self._roster_page(), "名册")
        self.body_page = BodyPage(self.batch, self.review)
        self.body_page.changed.connect(self._review_changed)
        self.body_page.message.connect(self.show_message)
        self.tabs.addTab(self.body_page, "单位审核")
        self.rollup_page = RollupPage(self.batch)
        self.rollup_page.chosen_changed.connect(self.refresh_roster)
        self.rollup_page.message.connect(self.show_message)
        self.rollup_page.open_draft = open_draft
        self.tabs.addTab(self.rollup_page, "汇总")

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("读取 %v / %m")
        self.progress.hide()
        self.cancel_button = QPushButton("取消读取")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_roster)
        self.resize(1280, 820)
        self.refresh_roster()

    # ------------------------------------------------------------ building

    def _create_actions(self) -> None:
        def action(text: str, slot: Callable[[], object], tip: str) -> QAction:
            a = QAction(text, self)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _=False: slot())
            return a

        self.add_folder_action = action(
            "添加文件夹…", self.add_folder, "读取文件夹中的全部草稿和已发布年报；审核记录保存在第一个文件夹中"
        )
        self.add_files_action = action("添加文件…", self.add_files, "读取选中的草稿或已发布年报")
        self.previous_action = action(
            "上年度文件夹…", self.add_previous_folder, "读取上一年度的年报，只用于跨年度核对（不列入名册和汇总）"
        )
        self.roster_action = action(
            "单位名单…", self.load_roster, "读入应报送的单位名单（.txt 每行一个，或 .xlsx 第一列）"
        )
        self.overview_action = action(
            "导出审核汇总表…", self.export_overview, "导出 Excel：名册、每个问题一行、其他意见（供本单位存档）"
        )
        toolbar = QToolBar("汇总审核")
        toolbar.setObjectName("workbench")
        toolbar.setMovable(False)
        for a in (self.add_folder_action, self.add_files_action, self.previous_action, self.roster_action):
            toolbar.addAction(a)
        toolbar.addSeparator()
        toolbar.addAction(self.overview_action)
        toolbar.addSeparator()
        self.reviewer = QLineEdit()
        self.reviewer.setPlaceholderText("审核人")
        self.reviewer.setMaximumWidth(120)
        self.reviewer.textChanged.connect(lambda text: setattr(self.review, "reviewer", text.strip()))
        self.reviewer.editingFinished.connect(self._names_changed)
        self.office = QLineEdit()
        self.office.setPlaceholderText("审核单位（写入审核意见单）")
        self.office.setMaximumWidth(260)
        self.office.textChanged.connect(lambda text: setattr(self.review, "office", text.strip()))
        self.office.editingFinished.connect(self._names_changed)
        toolbar.addWidget(QLabel(" 审核人："))
        toolbar.addWidget(self.reviewer)
        toolbar.addWidget(QLabel(" 审核单位："))
        toolbar.addWidget(self.office)
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu("文件(&F)")
        menu.addActions([self.add_folder_action, self.add_files_action, self.previous_action, self.roster_action])
        menu.addSeparator()
        menu.addAction(self.overview_action)
        menu.addSeparator()
        menu.addAction("关闭", self.close)

    def _roster_page(self) -> QWidget:
        self.roster_model = RosterModel(self)
        self.roster_proxy = QSortFilterProxyModel(self)
        self.roster_proxy.setSourceModel(self.roster_model)
        self.roster_proxy.setSortRole(SORT_ROLE)
        self.roster_view = QTableView()
        self.roster_view.setModel(self.roster_proxy)
        self.roster_view.setSortingEnabled(True)
        self.roster_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.roster_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roster_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roster_view.setWordWrap(False)
        self.roster_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.roster_view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 80, 50, 110, 44, 44, 170, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.roster_view.doubleClicked.connect(self.open_row)
        self.roster_view.activated.connect(self.open_row)
        self.roster_summary = QLabel()
        self.roster_summary.setWordWrap(True)
        self.unmatched = QListWidget()
        self.unmatched.setToolTip("这些文件的单位不在单位名单中：请核对单位名称，或把单位补入名单")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(QLabel("不在单位名单中的文件："))
        side_layout.addWidget(self.unmatched)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.roster_view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        head = QHBoxLayout()
        head.addWidget(self.roster_summary, 1)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        return page

    # ------------------------------------------------------------ adding files

    def show_message(self, text: str) -> None:
        """A note in the status bar."""
        self.statusBar().showMessage(text, 10_000)

    def is_busy(self) -> bool:
        """Whether files are being read or checked."""
        return self._reader is not None or self._checker is not None or bool(self._jobs)

    def _use_folder(self, folder: Path) -> None:
        """The batch's folder: where its review file lives (the first folder added)."""
        if self.review_path is not None:
            return
        path = folder / reviews.REVIEW_FILE
        try:
            loaded = reviews.load(path)
        except reviews.ReviewError as exc:
            QMessageBox.warning(
                self, "审核记录", f"{exc}\n\n本次的审核结论不会保存，以免覆盖该文件。请先把它改名或移走，再重新打开。"
            )
            return
        self.review_path = path
        self.review.bodies, self.review.reviewer, self.review.office = loaded.bodies, loaded.reviewer, loaded.office
        self.reviewer.setText(self.review.reviewer)
        self.office.setText(self.review.office)
        self.setWindowTitle(f"{TITLE} — {folder}")
        if self.review.bodies:
            self.show_message(f"已读入审核记录「{path.name}」（{len(self.review.bodies)} 个单位）")

    def add_folder(self, folder: str | Path | None = None) -> int:
        """Read every report file of a folder (asks which one unless given); returns how many were new."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "选择放着各单位年报的文件夹")
            if not chosen:
                return 0
            folder = chosen
        base = Path(folder)
        try:
            files = report_files(base)
        except OSError as exc:
            QMessageBox.warning(self, "无法读取文件夹", f"无法读取文件夹「{base}」：{exc.strerror or exc}")
            return 0
        self._use_folder(base)
        return self.add_files(files)

    def add_files(self, paths: Iterable[str | Path] | None = None) -> int:
        """Read these files (asks which unless given); returns how many were new."""
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, "选择草稿或已发布的年报", "", REPORT_FILTER)
            if not chosen:
                return 0
            paths = chosen
        items = [Path(p) for p in paths]
        if items:
            self._use_folder(items[0].parent)
        new = self.batch.add_paths(items)
        if new:
            self._queue(MAIN, new, [self.batch.paths[i] for i in new])
        else:
            self.show_message("这些文件已在名册中")
        self.refresh_roster()
        return len(new)

    def add_previous_folder(self, folder: str | Path | None = None) -> int:
        """Read last year's reports (for the cross-year rules only; not in the roster or the sum)."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "选择放着上一年度年报的文件夹")
            if not chosen:
                return 0
            folder = chosen
        files = report_files(Path(folder))
        if files:
            self._queue(EARLIER, list(range(len(files))), files)
        return len(files)

    def load_roster(self, path: str | Path | None = None) -> bool:
        """Read a 单位名单: bodies without a file become 未报送 rows, files of no listed body are listed apart."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "选择单位名单", "", ROSTER_FILTER)
            if not chosen:
                return False
            path = chosen
        try:
            names = read_roster(path)
        except NianbaoError as exc:
            QMessageBox.warning(self, "无法读取单位名单", str(exc))
            return False
        self.batch.expected = names
        self.refresh_roster()
        self.show_message(f"已读入单位名单「{Path(path).name}」：{len(names)} 个单位")
        return True

    # ------------------------------------------------------------ background reading

    def _queue(self, tag: str, indices: list[int], paths: list[Path]) -> None:
        self._jobs.append((tag, indices, paths))
        self._total += len(paths)
        if self._reader is None and self._checker is None:
            self._start_next()
        self._show_progress()

    def _start_next(self) -> None:
        if not self._jobs:
            return
        tag, indices, paths = self._jobs.popleft()
        if tag == EARLIER:
            self._earlier_new: list[BatchEntry] = []
        reader = ReadThread(tag, indices, paths, self.workers, self)
        reader.entry_read.connect(self._on_entry)
        reader.failed.connect(lambda text: QMessageBox.warning(self, "读取失败", text))
        reader.finished.connect(self._on_read_finished)
        self._reader = reader
        self._set_adding(False)
        reader.start()

    def _set_adding(self, on: bool) -> None:
        for a in (self.add_folder_action, self.add_files_action, self.previous_action):
            a.setEnabled(on)

    def _show_progress(self) -> None:
        busy = self.is_busy()
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(self._reader is not None)
        if busy:
            self.progress.setMaximum(max(self._total, 1))
            self.progress.setValue(self._done)
            if self._checker is not None:
                self.progress.setFormat("核对上年度和各单位之间的雷同…")
            else:
                self.progress.setFormat("读取 %v / %m")

    def _on_entry(self, tag: str, index: int, entry: BatchEntry) -> None:
        self._done += 1
        if tag == MAIN:
            self.batch.set_entry(index, entry)
            if not self._refresh_timer.isActive():
                self._refresh_timer.start()
        elif entry.report is not None:
            self.batch.earlier.append(entry)
        self._show_progress()

    def _on_read_finished(self) -> None:
        reader = self._reader
        self._reader = None
        if reader is not None:
            cancelled = reader.was_cancelled
            reader.deleteLater()
            if cancelled:
                unread = sum(1 for e in self.batch.entries if e is None)
                self._note = f"已取消读取：{unread} 个文件未读取（再次添加即可继续读取）"
                self._drop_unread()
        if self._jobs:
            self._start_next()
            return
        checker = CheckThread(self.batch, self)
        checker.done.connect(self._on_checked)
        self._checker = checker
        self._show_progress()
        checker.start()

    def _drop_unread(self) -> None:
        """Forget the files a cancel left unread (adding them again reads them)."""
        keep = [i for i, e in enumerate(self.batch.entries) if e is not None]
        self.batch.paths = [self.batch.paths[i] for i in keep]
        self.batch.entries = [self.batch.entries[i] for i in keep]
        self._jobs = deque(job for job in self._jobs if job[0] != MAIN)

    def _on_checked(self, findings: dict[int, list]) -> None:
        checker = self._checker
        self._checker = None
        if checker is not None:
            checker.wait()
            checker.deleteLater()
        self.batch.apply_findings(findings)
        self.batch.record_rounds(self.review)
        self.save_review()
        self._done = self._total = 0
        self._set_adding(True)
        self._show_progress()
        self.refresh_roster()
        self.body_page.refresh()
        self.rollup_page.recompute()
        read = self.batch.read()
        bad = sum(1 for e in read if e.report is None)
        done = f"已读取 {len(read)} 个文件" + (f"，其中 {bad} 个无法读取" if bad else "")
        self.show_message(f"{self._note}；{done}" if self._note else done)
        self._note = ""

    def cancel(self) -> None:
        """Stop reading (the files already read stay in the roster)."""
        self._total -= sum(len(job[2]) for job in self._jobs)
        self._jobs.clear()
        if self._reader is not None:
            self._reader.cancel()
            self.show_message("正在取消…")

    def wait_idle(self, timeout_ms: int = 60_000) -> bool:
        """Block until reading and checking are done (for tests and the command line)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(timeout_ms)
        while self.is_busy() and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return not self.is_busy()

    # ------------------------------------------------------------ roster and review

    def refresh_roster(self) -> None:
        """Show the batch's rows again."""
        self._refresh_timer.stop()
        rows = self.batch.rows(self.review)
        self.roster_model.set_rows(rows)
        match = self.batch.roster_match()
        self.unmatched.clear()
        if match is not None:
            names = set(match.unmatched)
            self.unmatched.addItems(
                [
                    f"{r.name}（{r.source}）"
                    for r in rows
                    if r.entry is not None and "unmatched" in r.flags and r.name in names
                ]
            )
        self.roster_summary.setText(self._summary(rows, match is not None))

    def _summary(self, rows: list, listed: bool) -> str:
        files = [r for r in rows if r.entry is not None]
        pending = sum(1 for r in files if r.state == "pending")
        bad = sum(1 for r in files if r.state == "unreadable")
        text = f"共 {len(files)} 个文件：已读取 {len(files) - pending - bad} 个"
        text += f"，无法读取 {bad} 个" if bad else ""
        text += f"，正在读取 {pending} 个" if pending else ""
        if listed:
            missing = sum(1 for r in rows if r.state == "missing")
            text += f"。单位名单 {len(self.batch.expected)} 个单位，未报送 {missing} 个"
        if self.batch.earlier:
            text += f"。上年度报告 {len(self.batch.earlier)} 份（用于跨年度核对）"
        if self.review_path is not None:
            text += f"。审核记录：{self.review_path}"
        return text + "。双击一行审核该单位。"

    def open_row(self, index: QModelIndex) -> bool:
        """Open the body of a roster row in 单位审核."""
        row = index.data(ROW_ROLE)
        if row is None or row.entry is None or self.batch.entries[row.entry] is None:
            return False
        self.body_page.show_entry(row.entry)
        self.tabs.setCurrentWidget(self.body_page)
        return True

    def open_entry(self, index: int) -> None:
        """Open batch entry ``index`` in 单位审核."""
        self.body_page.show_entry(index)
        self.tabs.setCurrentWidget(self.body_page)

    def _names_changed(self) -> None:
        self.review.reviewer = self.reviewer.text().strip()
        self.review.office = self.office.text().strip()
        self.save_review()

    def _review_changed(self) -> None:
        self.save_review()
        self.refresh_roster()

    def save_review(self) -> bool:
        """Write the review file (atomically); a failure is said in the status bar and the window keeps it."""
        if self.review_path is None:
            return False
        try:
            reviews.save(self.review, self.review_path)
        except reviews.ReviewError as exc:
            self.show_message(f"{exc}（审核结论仍保留在窗口中）")
            return False
        return True

    def export_overview(self, path: str | Path | None = None) -> bool:
        """The overview workbook (.xlsx): roster, one row per finding, the comments."""
        from nianbao.core.review_book import write_overview

        if path is None:
            folder = self.review_path.parent if self.review_path else Path.home()
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出审核汇总表", str(folder / "审核汇总表.xlsx"), "Excel (*.xlsx)"
            )
            if not chosen:
                return False
            path = chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx"
        try:
            write_overview(self.batch, self.review, path)
        except NianbaoError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return False
        self.show_message(f"已导出审核汇总表「{path}」")
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        for thread in (self._reader, self._checker):
            if thread is not None:
                thread.wait(30_000)
        self.save_review()
        event.accept()
