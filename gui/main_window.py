"""The main window: one tab per report part, live checks, drafts, export."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStandardPaths, Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QGuiApplication, QIcon, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

from nianbao.core import __version__, draft
from nianbao.core.errors import NianbaoError
from nianbao.core.filestamp import FileStamp, current_stamp
from nianbao.core.log import ENV_DATA_DIR, log_hint, user_data_dir
from nianbao.core.report import PREFACE, Report, carry_forward, new_report
from nianbao.core.resources import resource_path
from nianbao.core.rules import Finding

from . import exporting
from .autosave import Autosave, RecoveryCopy, find_recovery_copies
from .disk_conflict import OVERWRITE, RELOAD, SAVE_AS, ask_changed_on_disk
from .document import ReportDocument
from .edit_menu import add_edit_actions
from .file_lock import DraftLock
from .findings_panel import FindingsPanel, summary_text
from .help_content import tab_label
from .help_dialog import HelpDialog, show_help
from .meta_form import MetaForm
from .new_report_dialog import NewReportChoice, NewReportDialog, default_year
from .recent_files import RecentFiles
from .section_page import SectionPage
from .settings import FILE_NAME as SETTINGS_FILE
from .settings import GEOMETRY, LAST_DIR, STATE, Settings
from .shortcuts import redo_shortcuts
from .workers import JobBar, Jobs
from .zoom import Zoom

if TYPE_CHECKING:
    from nianbao.core.importer import ImportResult

APP_TITLE = "政府信息公开工作年度报告编制助手"
DRAFT_FILTER = "年报草稿 (*.json);;所有文件 (*)"
IMPORT_FILTER = "已发布的年报 (*.txt *.htm *.html *.docx *.pdf);;所有文件 (*)"
META_TAB = "基本信息"
#: The findings panel's height when the window opens without a saved layout (small screens first).
FINDINGS_HEIGHT = 120
UNTITLED = "未命名"

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The user data folder (recovery copies, settings), from QStandardPaths."""
    if os.environ.get(ENV_DATA_DIR):
        return user_data_dir()
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else user_data_dir()


def app_icon() -> QIcon:
    """The window icon: the rendered PNG sizes where present (crisp when small), else the SVG."""
    icon = QIcon()
    for png in sorted(resource_path("icons").glob("nianbao-*.png")):
        icon.addFile(str(png))
    if icon.isNull():
        icon.addFile(str(resource_path("icons", "nianbao.svg")))
    return icon


class MainWindow(QMainWindow):
    """Tabs 基本信息 and 一…六 over one :class:`ReportDocument`, a findings panel, menus and files."""

    # Made by exporting.create_actions: 导出 ▸ PDF/Word/网页/Excel/CSV, 复制为网页, 打印预览, 打印.
    export_pdf_action: QAction
    export_docx_action: QAction
    export_html_action: QAction
    export_xlsx_action: QAction
    export_csv_action: QAction
    copy_html_action: QAction
    print_preview_action: QAction
    print_action: QAction
    export_menu: QMenu

    def __init__(
        self,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
        report: Report | None = None,
        path: Path | None = None,
    ):
        """A window on ``report`` (saved at ``path``), or on a blank report for last year."""
        super().__init__(parent)
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.settings = Settings(self.data_dir / SETTINGS_FILE)
        self.recent = RecentFiles(self.settings)
        self.zoom = Zoom(self.settings, self)
        self.path: Path | None = None
        self._bound: tuple[Path, int | None] | None = None  # the file the window saves to, and its year
        self.undo_group = QUndoGroup(self)
        self.document = ReportDocument(report if report is not None else new_report(default_year()), self)
        self._bind(path)
        self.autosave = Autosave(self.data_dir / "recovery", self._snapshot, parent=self)
        self.meta_form: MetaForm | None = None
        self._tab_texts: list[tuple[str, int]] = []
        self._help: HelpDialog | None = None

        self.setWindowIcon(app_icon())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.setCentralWidget(self.tabs)
        self.zoom.changed.connect(self._apply_zoom)

        self.status_summary = QLabel()
        self.statusBar().addPermanentWidget(self.status_summary)
        self._init_file_safety(path)

        self.findings = FindingsPanel(self.document)
        self.findings.finding_activated.connect(self.show_finding)
        self.findings_dock = QDockWidget("检查结果", self)
        self.findings_dock.setObjectName("findings")
        self.findings_dock.setWidget(self.findings)
        self.findings_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)

        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._attach(self.document)
        self._fit_to_screen(1320, 880)
        self.resizeDocks([self.findings_dock], [FINDINGS_HEIGHT], Qt.Orientation.Vertical)
        geometry = self.settings.get(GEOMETRY)
        state = self.settings.get(STATE)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    # ------------------------------------------------------------ actions and menus

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at the preferred size, but never larger than the screen (1280×720 office monitors)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 40)
        self.resize(width, height)

    def _create_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = self._action(
            "新建…", self.new_file, QKeySequence.StandardKey.New, sp.SP_FileIcon, "新建空白报告，或从上一年度的草稿结转"
        )
        self.open_action = self._action("打开…", self.open_file, QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton)
        self.import_action = self._action(
            "导入已发布的年报…",
            self.import_published,
            None,
            None,
            "从网页文字、网页文件、Word 或 PDF 格式的已发布年报生成草稿",
        )
        self.save_action = self._action("保存", self.save, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton)
        self.save_as_action = self._action("另存为…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        exporting.create_actions(self)  # 导出 PDF/Word/网页/Excel/CSV, 复制为网页, 打印预览, 打印
        self.quit_action = self._action("退出", self.close, QKeySequence("Ctrl+Q"))
        # Menu actions name the step ("撤销 填写…"); the toolbar keeps fixed texts, so typing does
        # not re-lay out the toolbar (and repaint the whole window) on every edit.
        self.undo_action = self.undo_group.createUndoAction(self, "撤销")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "重做")
        self.redo_action.setShortcuts(redo_shortcuts())
        self.undo_button = self._action("撤销", self.undo_group.undo, None, sp.SP_ArrowBack, "撤销上一步（Ctrl+Z）")
        self.redo_button = self._action("重做", self.undo_group.redo, None, sp.SP_ArrowForward, "重做（Ctrl+Y）")
        self.undo_group.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_group.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_group.undoTextChanged.connect(lambda text: self.undo_button.setToolTip(f"撤销 {text}（Ctrl+Z）"))
        self.undo_group.redoTextChanged.connect(lambda text: self.redo_button.setToolTip(f"重做 {text}（Ctrl+Y）"))
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.fill_zero_action = self._action(
            "本表空白单元格填0", self.fill_zero, None, None, "把当前表格中还空着的格子都填为0"
        )
        self.about_action = self._action("关于", self.about)
        self.help_action = self._action(
            "使用说明",
            self.show_help,
            QKeySequence.StandardKey.HelpContents,
            sp.SP_DialogHelpButton,
            "怎样填写各部分和表格、填报口径、快捷键",
        )

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self._create_file_menu(bar)
        self._create_edit_menu(bar)
        self._create_view_menu(bar)
        self._create_help_menu(bar)

    def _create_file_menu(self, bar: QMenuBar) -> None:
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("最近文件")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.import_action)
        self._add_workbench_action(file_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        exporting.fill_file_menu(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _create_edit_menu(self, bar: QMenuBar) -> None:
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.edit_actions = add_edit_actions(self, edit_menu)
        edit_menu.addSeparator()
        edit_menu.addAction(self.fill_zero_action)

    def _create_view_menu(self, bar: QMenuBar) -> None:
        view_menu = bar.addMenu("查看(&V)")
        view_menu.addAction(self.findings_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addActions(self.zoom.actions())
        self.addActions(self.zoom.actions())

    def _create_help_menu(self, bar: QMenuBar) -> None:
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self.help_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _add_workbench_action(self, menu: QMenu) -> None:
        """文件 → 汇总审核…: the county office's window (gui/workbench), opened beside this one."""
        self.workbench: QMainWindow | None = None

        def open_workbench() -> None:
            from .workbench.window import WorkbenchWindow  # lazy: start-up does not need it

            if self.workbench is None:
                self.workbench = WorkbenchWindow(open_draft=lambda path: self.open_path(path))
            self.workbench.show()
            self.workbench.raise_()
            self.workbench.activateWindow()

        self.workbench_action = self._action(
            "汇总审核…", open_workbench, None, None, "县级政务公开办公室：读取下属单位的年报，逐个审核，汇总表二至表四"
        )
        menu.addAction(self.workbench_action)

    def _create_toolbar(self) -> None:
        toolbar = QToolBar("工具栏")
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_button, self.redo_button])
        toolbar.addSeparator()
        toolbar.addAction(self.fill_zero_action)
        toolbar.addSeparator()
        toolbar.addActions([self.export_pdf_action, self.print_action])
        self.addToolBar(toolbar)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        for i, path in enumerate(paths, 1):
            action = self.recent_menu.addAction(f"&{i}  {path.name}    （{path.parent}）")
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            self.recent_menu.addAction("（没有）").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表").triggered.connect(self.recent.clear)

    # ------------------------------------------------------------ document and pages

    def _snapshot(self) -> tuple[draft.DraftFile, Path | None, FileStamp | None]:
        doc = self.document
        return draft.DraftFile(doc.report, doc.previous_path, doc.import_findings), self.path, self._disk_stamp

    def _init_file_safety(self, path: Path | None) -> None:
        """The draft's lock and disk stamp, background jobs and the autosave note in the status bar."""
        self.draft_lock = DraftLock(self.data_dir / "locks")
        self._disk_stamp: FileStamp | None = current_stamp(path) if path is not None else None
        if path is not None:
            self.draft_lock.take(path)
        self.job_bar = JobBar()
        self.statusBar().addPermanentWidget(self.job_bar)
        self.jobs = Jobs(self.job_bar, self)
        self.autosave_status = QLabel()
        self.autosave_status.setStyleSheet("color: #b91c1c;")
        self.statusBar().addPermanentWidget(self.autosave_status)
        self.autosave.status_changed.connect(self._show_autosave_problem)
        self._show_autosave_problem(self.autosave.problem)

    def _show_autosave_problem(self, problem: str) -> None:
        """「自动保存已关闭：…」 in the status bar while recovery copies cannot be written."""
        self.autosave_status.setText(problem)
        self.autosave_status.setToolTip(f"恢复副本文件夹：{self.autosave.folder}" if problem else "")
        self.autosave_status.setVisible(bool(problem))
        if problem:
            self.show_message(problem)

    def _attach(self, document: ReportDocument) -> None:
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        document.findings_changed.connect(self._update_counts)
        document.message.connect(self.show_message)
        document.report_replaced.connect(self._rebuild_section_pages)
        document.report_replaced.connect(self._check_binding)
        document.meta_changed.connect(self._on_meta_changed)
        self.findings.set_document(document)
        self._build_pages()
        self._update_title()
        self._update_counts()

    def set_report(
        self,
        report: Report,
        path: Path | None,
        modified: bool = False,
        *,
        previous: Path | None = None,
        import_findings: tuple[Finding, ...] = (),
    ) -> None:
        """Show another report (after 新建, 打开 or a recovery) with a fresh undo history."""
        old = self.document
        self.document = ReportDocument(report, self, previous=previous, import_findings=import_findings)
        self._bind(path)
        self._attach(self.document)
        self.undo_group.removeStack(old.undo_stack)
        old.deleteLater()
        if modified:
            self.document.undo_stack.resetClean()
        self._on_clean_changed(self.document.undo_stack.isClean())

    def _clear_tabs(self, first: int) -> None:
        while self.tabs.count() > first:
            page = self.tabs.widget(first)
            self.tabs.removeTab(first)
            page.deleteLater()

    def _build_pages(self) -> None:
        current = self.tabs.currentIndex()
        self._clear_tabs(0)
        self.meta_form = MetaForm(self.document, start_dir=self.last_dir)
        self.meta_form.preface.set_zoom(self.zoom.percent)
        self.zoom.watch(self.meta_form.preface.editor)
        self.tabs.addTab(self.meta_form, META_TAB)
        self._add_section_pages()
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))

    def _add_section_pages(self) -> None:
        fmt = self.document.report.format
        for section in fmt.sections:
            page = SectionPage(self.document, section, zoom=self.zoom)
            self.tabs.addTab(page, tab_label(fmt, section.heading))
        self._tab_texts = []

    def _apply_zoom(self, percent: int) -> None:
        """Zoom every table and editor (pages not built yet take it when built)."""
        for page in self.section_pages():
            page.set_zoom(percent)
        if self.meta_form is not None:
            self.meta_form.preface.set_zoom(percent)
        self.show_message(f"缩放 {percent}%（Ctrl+0 恢复原来大小）")

    def _rebuild_section_pages(self) -> None:
        current = self.tabs.currentIndex()
        self._clear_tabs(1)
        self._add_section_pages()
        self.tabs.setCurrentIndex(current)
        self._update_counts()

    def section_pages(self) -> list[SectionPage]:
        """The tabs 一 to 六."""
        return [w for w in (self.tabs.widget(i) for i in range(self.tabs.count())) if isinstance(w, SectionPage)]

    def page_for_table(self, table_id: str) -> SectionPage | None:
        """The tab that holds a table."""
        return next((p for p in self.section_pages() if p.section.table == table_id), None)

    def current_table_page(self) -> SectionPage | None:
        """The current tab if it holds a table."""
        page = self.tabs.currentWidget()
        return page if isinstance(page, SectionPage) and page.view is not None else None

    # ------------------------------------------------------------ live state

    def show_message(self, text: str) -> None:
        """A note in the status bar (never a modal dialog for cell input)."""
        self.statusBar().showMessage(text, 10_000)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)
        self.autosave.set_modified(not clean)

    def _update_title(self) -> None:
        name = self.path.name if self.path else UNTITLED
        self.setWindowTitle(f"{name}[*]")
        self.setWindowModified(not self.document.undo_stack.isClean())

    def _update_counts(self) -> None:
        counts = self.document.error_counts()
        wanted: list[tuple[str, int]] = []
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if isinstance(page, SectionPage):
                base, key = page.section.heading, page.section.table
            else:
                base, key = META_TAB, "meta"
            wanted.append((base, counts.get(key, 0) if key else 0))
        if wanted != self._tab_texts:
            bar = self.tabs.tabBar()
            fmt = self.document.report.format
            for i, (base, n) in enumerate(wanted):
                short = tab_label(fmt, base)
                self.tabs.setTabText(i, f"{short}（{n}）" if n else short)
                self.tabs.setTabToolTip(i, base + (f"\n本页有 {n} 个错误" if n else ""))
                bar.setTabTextColor(i, QColor("#b91c1c") if n else QColor())
            self._tab_texts = wanted
        findings = self.document.findings
        text = summary_text(findings)
        if text != self.status_summary.text():
            errors = any(f.severity == "error" for f in findings)
            self.status_summary.setText(text)
            self.status_summary.setStyleSheet("color: #b91c1c; font-weight: bold;" if errors else "color: #166534;")

    def show_finding(self, finding: Finding) -> None:
        """Switch to the tab of a finding and select its cells, its words in a text, or its meta field."""
        fmt = self.document.report.format
        cells = [c for c in finding.cells if c in fmt.cells]
        if not cells:
            if finding.part is not None:
                self._show_text(finding.part, finding.span)
            elif self.meta_form is not None:
                self.tabs.setCurrentWidget(self.meta_form)
                self.meta_form.focus_field(finding.meta or "")
            return
        table_id = fmt.cells[cells[0]].table
        page = self.page_for_table(table_id)
        if page is None or page.view is None:
            return
        self.tabs.setCurrentWidget(page)
        page.view.select_cells([c for c in cells if fmt.cells[c].table == table_id])

    def _show_text(self, part: str, span: tuple[int, int] | None) -> None:
        """Show the editor of text part ``part`` and select ``span`` in it."""
        if part == PREFACE and self.meta_form is not None:
            self.tabs.setCurrentWidget(self.meta_form)
            self.meta_form.preface.select_span(span)
            return
        for page in self.section_pages():
            if page.section.id == part:
                self.tabs.setCurrentWidget(page)
                page.text.select_span(span)
                return

    def show_findings_panel(self) -> None:
        """Open the 检查结果 panel (it may have been closed) and bring it forward."""
        self.findings_dock.show()
        self.findings_dock.raise_()

    def show_help(self) -> None:
        """帮助 → 使用说明 for the current report's format."""
        self._help = show_help(self, self.document.report.format, self._help)

    def fill_zero(self) -> None:
        """Fill the empty cells of the current tab's table with 0."""
        page = self.current_table_page()
        if page is None or page.view is None:
            self.show_message("请先切换到有表格的页面（二、三、四）")
            return
        page.view.fill_empty_with_zero()

    # ------------------------------------------------------------ files

    def _bind(self, path: Path | None) -> None:
        """Save to ``path`` from now on (None: the next save asks where)."""
        self.path = path
        self._bound = (path, self.document.report.year) if path is not None else None

    def _on_meta_changed(self, name: str) -> None:
        if name == "year":
            self._check_binding()

    def _check_binding(self) -> None:
        """A draft whose 报告年度 changed is another year's report: it no longer saves over its file
        (undoing the change binds it again)."""
        if self._bound is None:
            return
        path, year = self._bound
        now = path if self.document.report.year == year else None
        if now == self.path:
            return
        self.path = now
        self._update_title()
        if now is None:
            self.show_message(f"报告年度已改变：保存时将另存为新文件，不会覆盖「{path.name}」")

    def suggested_path(self) -> Path:
        """Where 另存为 proposes to save: 「<机关><年度>年政府信息公开工作年度报告.json」 in the last folder."""
        if self.path is not None:
            return self.path
        folder = self._bound[0].parent if self._bound is not None else Path(self.last_dir())
        title = self.document.report.title if self.document.report.agency or self.document.report.year else ""
        return folder / f"{title or '年度报告'}.json"

    def last_dir(self) -> str:
        """The folder last used for drafts (or Documents)."""
        saved = self.settings.get(LAST_DIR)
        if saved and Path(saved).is_dir():
            return saved
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _remember(self, path: Path) -> None:
        self.recent.add(path)
        self.settings.set(LAST_DIR, str(path.parent))

    def maybe_save(self) -> bool:
        """Ask 保存/不保存/取消 if there are unsaved changes; False means stop."""
        self.document.flush_checks()
        if self.document.undo_stack.isClean():
            return True
        name = self.path.name if self.path else UNTITLED
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "保存修改",
            f"「{name}」有尚未保存的修改，是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    def new_file(self) -> None:
        """新建: a blank report or one carried forward from last year's draft."""
        if not self.maybe_save():
            return
        report = self.document.report
        choice = NewReportDialog.ask(self, report.agency, report.level, self.last_dir())
        if choice is not None:
            self.create_report(choice)

    def create_report(self, choice: NewReportChoice) -> bool:
        """Start the report a :class:`NewReportChoice` describes (unsaved: closing asks first)."""
        if choice.previous is not None:
            try:
                previous = draft.load(choice.previous)
            except draft.DraftError as exc:
                QMessageBox.warning(self, "无法结转", str(exc))
                return False
            report = carry_forward(previous, choice.year)
            filled = sum(1 for c in report.format.carry_forward if c.cell in report.cells)
            wanted = set(report.text_ids())
            texts = [t for t in choice.texts if t in wanted and previous.texts.get(t)]
            for text_id in texts:
                report.texts[text_id] = previous.texts[text_id]
            note = f"已从上一年度草稿结转 {filled} 项数字" + (
                f"，沿用 {len(texts)} 部分文字（请改正其中的年份）" if texts else ""
            )
        else:
            report = new_report(choice.year)
            note = "已新建空白报告"
        report.agency = choice.agency or report.agency
        report.level = choice.level or report.level
        self.set_report(report, None, modified=True, previous=choice.previous)
        self._forget_file()
        self.show_message(f"{note}（{report.format.label}）")
        return True

    def open_file(self) -> None:
        """打开: choose a draft."""
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "打开草稿", self.last_dir(), DRAFT_FILTER)
        if path:
            self.open_path(Path(path), ask=False)

    def open_recent(self, path: Path) -> None:
        """Open an entry of 最近文件; a missing file is removed from the list."""
        if not self.maybe_save():
            return
        if not path.exists():
            QMessageBox.warning(
                self, "无法打开", f"找不到文件「{path}」，可能已被移动或删除（U盘是否已拔出？）。\n已从最近文件中移除。"
            )
            self.recent.remove(path)
            return
        self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Load a draft into the window (asking first about unsaved changes if ``ask``)."""
        if ask and not self.maybe_save():
            return False
        try:
            loaded, stamp = draft.load_stamped(path)
        except draft.DraftError as exc:
            QMessageBox.warning(self, "无法打开", str(exc))
            return False
        if not self._claim(path):
            return False
        report = loaded.report
        self.set_report(report, path, previous=loaded.previous, import_findings=loaded.import_findings)
        self._disk_stamp = stamp
        self._remember(path)
        note = f"已打开「{path.name}」（{report.format.label}）"
        if self.document.previous_problem:  # said once here, and shown calmly in 基本信息
            note += f"；{self.document.previous_problem}，跨年度核对暂停（见“基本信息”）"
        self.show_message(note)
        return True

    def _claim(self, path: Path) -> bool:
        """Take the draft's lock; when another window of this program has it open, say so and ask."""
        if self.draft_lock.take(path):
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "草稿已经打开",
            f"「{path.name}」已在本程序的另一个窗口中打开。\n\n"
            "在两个窗口中同时修改同一份草稿，后保存的会覆盖先保存的（保存时本程序会提醒）。"
            "建议切换到那个窗口继续编辑。\n\n仍要在这个窗口中再打开一次吗？",
            buttons.Yes | buttons.No,
            buttons.No,
        )
        if answer != buttons.Yes:
            return False
        self.draft_lock.release()  # the other window keeps the lock
        return True

    def _forget_file(self) -> None:
        """The window shows a report that is not (yet) a file: no lock, no stamp."""
        self.draft_lock.release()
        self._disk_stamp = None

    def import_published(self) -> None:
        """导入已发布的年报: read a published report into a new, unsaved draft (same importer as the CLI).

        The file is read on a pool thread (:mod:`workers`): the window keeps answering, and 取消 drops it.
        """
        if self.jobs.busy:
            self.show_message("请等当前的任务完成，或先点状态栏中的「取消」")
            return
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "导入已发布的年报", self.last_dir(), IMPORT_FILTER)
        if not path:
            return
        from nianbao.core.importer import import_report  # lazy: start-up does not need it

        name = Path(path).name
        self.jobs.start(
            f"正在导入「{name}」…",
            lambda _cancelled: import_report(path),
            lambda result: self._show_import(path, result),
            lambda exc: self._import_failed(path, exc),
            lambda: self.show_message(f"已取消导入「{name}」"),
        )

    def _import_failed(self, path: str, exc: BaseException) -> None:
        if isinstance(exc, NianbaoError):
            QMessageBox.warning(self, "无法导入", str(exc))
            return
        log.error("internal error importing %s", path, exc_info=exc)
        QMessageBox.critical(
            self, "无法导入", f"导入「{Path(path).name}」时出现程序内部错误（{type(exc).__name__}）。\n\n{log_hint()}"
        )

    def _show_import(self, path: str, result: ImportResult) -> None:
        """The import is done: show it as a new, unsaved draft (asking first if the window was edited meanwhile)."""
        if not self.maybe_save():
            return
        report = result.report
        self.set_report(report, None, modified=True, import_findings=tuple(result.findings))
        self._forget_file()
        lines = [
            f"已从「{Path(path).name}」导入：{report.title or '（未识别机关名称和年度，请在「基本信息」中填写）'}，"
            f"{report.format.label}。",
            f"{result.cells_summary}。",
        ]
        if result.findings:
            self.show_findings_panel()
            self.findings.show_import_group()
            lines.append(
                f"导入时有 {len(result.findings)} 处需要您与原文核对，已列在窗口下方“检查结果”的“来自导入”一组中"
                "（表格中相关的格子右上角有橙色标记）；核对完一条，选中它按 Delete 即可移除。"
                "这些提示随草稿一起保存。"
            )
        lines.append("导入的内容尚未保存：请核对后用「另存为」保存为草稿。")
        QMessageBox.information(self, "导入完成", "\n".join(lines))
        self.show_message(f"已导入「{Path(path).name}」，尚未保存")

    def save(self) -> bool:
        """保存 (asks for a name the first time)."""
        if self.path is None:
            return self.save_as()
        return self.write_to(self.path)

    def save_as(self) -> bool:
        """另存为."""
        path, _ = QFileDialog.getSaveFileName(self, "另存为", str(self.suggested_path()), DRAFT_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".json":
            target = target.with_name(target.name + ".json")
        return self.write_to(target)

    def write_to(self, path: Path) -> bool:
        """Save the draft to ``path``; on failure say why and keep everything as it is.

        A file changed on disk since the window read or wrote it is never overwritten unasked.
        """
        doc = self.document
        doc.flush_checks()
        decided = self._before_overwrite(path)
        if decided is not None:
            return decided
        try:
            stamp = draft.save(doc.report, path, previous=doc.previous_path, import_findings=doc.import_findings)
        except draft.DraftError as exc:
            QMessageBox.critical(self, "保存失败", f"{exc}\n\n窗口中的内容没有丢失，请换个位置另存。")
            return False
        if path != self.path:
            self.draft_lock.take(path)
        self._bind(path)
        self._disk_stamp = stamp
        self.document.undo_stack.setClean()
        self._remember(path)
        self._update_title()
        self.show_message(f"已保存到「{path}」")
        return True

    def _before_overwrite(self, path: Path) -> bool | None:
        """None: go ahead and write ``path``. Else the save's outcome, decided here (saved elsewhere,
        reloaded, or cancelled) because the file changed on disk or another window has it open."""
        if path != self.path:
            if not self.draft_lock.held_elsewhere(path):
                return None
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self,
                "草稿已经打开",
                f"「{path.name}」正在本程序的另一个窗口中打开。保存到这里会替换它的内容"
                "（那个窗口保存时会提醒）。\n\n仍要保存到这个文件吗？",
                buttons.Yes | buttons.No,
                buttons.No,
            )
            return None if answer == buttons.Yes else False
        now = current_stamp(path)
        if self._disk_stamp is None or now is None or now == self._disk_stamp:
            return None  # unchanged, or gone (then it is simply written again)
        choice = ask_changed_on_disk(self, path, can_reload=self.document.undo_stack.isClean())
        if choice == OVERWRITE:
            return None
        if choice == SAVE_AS:
            return self.save_as()
        if choice == RELOAD:
            return self._reload(path)
        self.show_message(f"没有保存：「{path.name}」已在别处被修改")
        return False

    def _reload(self, path: Path) -> bool:
        """重新载入: read the draft again as it is on disk now (the window had no unsaved changes)."""
        try:
            loaded, stamp = draft.load_stamped(path)
        except draft.DraftError as exc:
            QMessageBox.warning(self, "无法重新载入", str(exc))
            return False
        self.set_report(loaded.report, path, previous=loaded.previous, import_findings=loaded.import_findings)
        self._disk_stamp = stamp
        self.show_message(f"已重新载入「{path.name}」（别处修改后的内容）")
        return True

    # ------------------------------------------------------------ recovery, close, about

    def offer_recovery(self) -> bool:
        """After a crash: offer the recovery copy left behind; True if one was restored.

        A copy that cannot be read is moved aside (never deleted) and the user told once.
        """
        buttons = QMessageBox.StandardButton
        restored = False
        for copy in find_recovery_copies(self.autosave.folder):
            if restored:
                copy.release(delete=False)
                continue
            try:
                loaded = draft.load_file(copy.draft_path)
            except Exception as exc:  # whatever is wrong with it, it must not come back every start
                self._recovery_failed(copy, exc)
                continue
            report = loaded.report
            if copy.source:
                where = copy.source
            elif copy.has_info:
                where = "（尚未保存过的新报告）"
            else:
                where = "（不知道属于哪个文件：它的说明文件已丢失）"
            answer = QMessageBox.question(
                self,
                "恢复未保存的内容",
                f"上次程序没有正常关闭。找到 {copy.saved_at} 自动保存的内容：\n\n{report.title}\n原文件：{where}\n\n"
                "是否恢复这些内容？\n选“否”将删除这份自动保存的内容；选“取消”则下次启动时再问。",
                buttons.Yes | buttons.No | buttons.Cancel,
                buttons.Yes,
            )
            if answer == buttons.Yes and self.maybe_save():
                source = Path(copy.source) if copy.source else None
                self.set_report(
                    report, source, modified=True, previous=loaded.previous, import_findings=loaded.import_findings
                )
                self._forget_file()
                if source is not None:
                    self.draft_lock.take(source)
                    self._disk_stamp = copy.stamp
                self.autosave.write_now()
                copy.release(delete=True)
                self.show_message("已恢复自动保存的内容，请检查后保存")
                restored = True
            else:
                copy.release(delete=answer == buttons.No)
        return restored

    def _recovery_failed(self, copy: RecoveryCopy, exc: Exception) -> None:
        if isinstance(exc, NianbaoError):
            reason = str(exc).replace(str(copy.draft_path), "自动保存的内容")
        else:
            log.error("recovery copy %s could not be read", copy.draft_path, exc_info=exc)
            reason = f"读取时出现程序内部错误（{type(exc).__name__}）"
        where = copy.move_aside()
        source = f"它属于「{copy.source}」，那个文件没有受到影响。\n" if copy.source else ""
        QMessageBox.warning(
            self,
            "无法恢复",
            f"找到 {copy.saved_at} 自动保存的内容，但它已损坏，无法恢复。\n\n原因：{reason}\n\n{source}"
            f"这份内容已移到「{where}」（没有删除），可以发给技术支持。",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.autosave.shutdown()
        self.draft_lock.release()
        self.jobs.cancel()
        self.settings.set(GEOMETRY, self.saveGeometry())
        self.settings.set(STATE, self.saveState())
        self.settings.sync()
        event.accept()

    def about(self) -> None:
        """帮助 → 关于."""
        QMessageBox.about(
            self,
            "关于",
            f"{APP_TITLE}\n版本 {__version__}\n\n"
            "按国务院办公厅公布的政府信息公开工作年度报告格式（2019年试行格式、2021年修订格式）填写年度报告，"
            "输入时自动计算合计、核对勾稽关系，可导出PDF和CSV。\n\n程序不联网，所有内容只保存在本机。",
        )
