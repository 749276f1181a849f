"""The dashboard: KPI tiles of the quarter against their targets, a trend chart, and the lists that
need attention (today's and this week's bookings, approvals waiting, milestones late or at risk,
case deadlines with review clocks, licences near expiry). Every item opens the record behind it.

The figures are gathered in a background worker, so the window paints at once and stays
responsive on a large database.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QScrollArea, QTableView, QVBoxLayout, QWidget)

from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.display import (format_date, format_krw, format_krw_compact, format_number,
                                       format_percent, format_quarter)
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.dashboard.chart import BarChartWidget
from hubdesk.ui.exchange.marks import conflict_banner, open_conflicts, show_conflict_count
from hubdesk.ui.dashboard.table_model import (BookingsListTableModel, CertificationsExpiryTableModel,
                                              DeadlinesTableModel, LicencesTableModel, OverdueInvoicesTableModel,
                                              MilestonesTableModel)


def format_kpi(code: str, value) -> str:
    from hubdesk.domain.kpi_codes import KPI_DEFS

    if value is None:
        return "—"
    unit = KPI_DEFS[code].unit if code in KPI_DEFS else "count"
    if unit == "ratio":
        return format_percent(value, decimals=0)
    if unit == "krw":
        return format_krw_compact(value)
    if unit in ("days", "hours"):
        return format_number(value, decimals=1)
    return format_number(value, decimals=0)


class KpiTileWidget(QFrame):
    """One KPI of the quarter: its value, its name, and progress against its target."""

    clicked = Signal(str)

    def __init__(self, kpi: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value_label = QLabel("—", self)
        self.value_label.setObjectName("tileValue")
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("tileCaption")
        self.caption_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setRange(0, 100)
        self.target_label = QLabel(self)
        self.target_label.setObjectName("tileCaption")
        self.target_label.setWordWrap(True)      # six tiles in a row fit a 1280 px window in every language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.target_label)
        self._tile = None
        self.calculating = True     # until the figures are gathered (or could not be)
        keep = self.progress.sizePolicy()
        keep.setRetainSizeWhenHidden(True)      # the lists below do not move when the tiles fill in
        self.progress.setSizePolicy(keep)
        self.progress.setVisible(False)

    def set_tile(self, tile) -> None:
        self._tile = tile
        self.calculating = False
        self.retranslate_ui()

    def set_failed(self) -> None:
        """The figures could not be gathered (the page says so): no longer "calculating"."""
        self.calculating = False
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        from hubdesk.domain.kpi_codes import kpi_label

        self.caption_label.setText(kpi_label(self.kpi))
        tile = self._tile
        if tile is None:
            # the lists come first; the tiles compute over the year's bookings and follow
            self.value_label.setText("…" if self.calculating else "—")
            self.target_label.setText(_("calculating…") if self.calculating else "")
            return
        self.value_label.setText(format_kpi(self.kpi, tile.value))
        if tile.value is not None and self.kpi.endswith("_krw"):
            self.value_label.setToolTip(format_krw(tile.value))
        if tile.target is not None:
            self.progress.setVisible(True)
            self.progress.setValue(int(min(100, round((tile.pct or 0) * 100))))
            self.target_label.setText(_("target {target} · {pct} reached")
                                      .format(target=format_kpi(self.kpi, tile.target),
                                              pct=format_percent(tile.pct, decimals=0)))
        else:
            self.progress.setVisible(False)
            self.target_label.setText(_("no target set"))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.clicked.emit(self.kpi)
        super().mousePressEvent(event)


class DashboardPanelWidget(QFrame):
    """A titled list on the dashboard; double-click (or Enter) opens the record of a row."""

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.model = model
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.notice: QLabel | None = None       # a banner under the title, where a panel has one
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("muted")
        self.table = QTableView(self)
        self.table.setModel(model)
        # the headers' texts from a model of Qt's own: a header asks its model for a dozen roles of
        # each section whenever it is painted or measured, 1,400 calls into Python per opening of
        # the page, each holding the interpreter's lock the lists' workers are waiting for. The
        # rows' model gives the texts (`retranslate_headers`, on a language switch too)
        self.header_model = QStandardItemModel(0, model.columnCount(), self)
        self.table.horizontalHeader().setModel(self.header_model)
        self.retranslate_headers()
        configure_table_view(self.table, sortable=False)
        self.table.setMinimumHeight(170)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        last = model.columnCount() - 1
        # the first and last columns (a date, a status, an amount) as wide as their header and the
        # rows in view (`fit_columns`, when the rows are set and on a language switch), the others
        # share the rest. Not Qt's ResizeToContents: that measured the rows in view again on every
        # layout of the list (14 of the 18 ms the eight lists took to fill)
        self.fitted = (0, last)
        for column in range(model.columnCount()):
            mode = QHeaderView.ResizeMode.Fixed if column in self.fitted else QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        header.setResizeContentsPrecision(0)      # sizeHintForColumn: the rows in view, not all 200
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.empty_label.hide()
        self._paint_timer = 0

    def set_rows(self, rows, empty_text: str) -> None:
        # the list is painted once its columns are sized: each column resized (the scroll bar shown,
        # `fit_columns`) starts a zero timer of QTableView's that repaints the whole list again, and
        # a zero timer fires after the window's pending paint. The list paints after them (a timer
        # started now fires after those started before it: not QTimer.singleShot(0), which Qt 6
        # posts as an event and so delivers before any timer)
        if self.isVisible() and not self._paint_timer:
            self.table.setUpdatesEnabled(False)
            self._paint_timer = self.startTimer(0)
        self.model.set_rows(rows)
        self.empty_label.setText(empty_text)
        self.empty_label.setVisible(not rows)
        # lay the rows out, show the scroll bar and size the columns now, not on Qt's zero timers
        # and queued calls after the next paint: those would resize the viewport and the sections
        # once the list is painted, and paint it all a second time
        self.table.doItemsLayout()
        QCoreApplication.sendPostedEvents(self.table, QEvent.Type.MetaCall)   # the scroll bar shown
        self.fit_columns()

    def timerEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.timerId() != self._paint_timer:
            super().timerEvent(event)
            return
        self.killTimer(self._paint_timer)
        self._paint_timer = 0
        self.table.setUpdatesEnabled(True)      # and paints it whole, once

    def retranslate_headers(self) -> None:
        model = self.model
        self.header_model.setHorizontalHeaderLabels(
            [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())])

    def fit_columns(self) -> None:
        """Size the first and last columns to their header's text and to the rows in view."""
        header = self.table.horizontalHeader()
        header.ensurePolished()     # the header's font of the style sheet (bold)
        for column in self.fitted:
            header.resizeSection(column, max(header.sectionSizeHint(column), self.text_width(column)))

    def text_width(self, column: int) -> int:
        """The width the texts of `column` in the rows in view need (0 without rows): measured with
        the list's font, not by Qt's `sizeHintForColumn`, which asks the model for every role of
        each cell through its delegate (0.7 ms a list: the fitted columns show text alone). A cell
        is its text and the delegate's margins (`CELL_TEXT_MARGIN`)."""
        model, table = self.model, self.table
        count = model.rowCount()
        if not count:
            return 0
        first = max(0, table.rowAt(0))
        last = min(count, first + table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize()) + 1)
        metrics = table.fontMetrics()
        return max(metrics.horizontalAdvance(model.data(model.index(row, column)) or "")
                   for row in range(first, last)) + CELL_TEXT_MARGIN


# what a cell adds to its text's advance: the item delegate's text margins (Fusion: 2 × 3 px) and
# the rounding of the text's laid-out width; Qt's own measure was 6–8 px more than the advance
CELL_TEXT_MARGIN = 8


# the part of the lists (queries.LIST_PARTS) each panel shows
PANEL_PART = {"today": "bookings", "approvals": "bookings", "week": "bookings", "milestones": "attention",
              "deadlines": "attention", "licences": "attention", "certifications": "attention",
              "overdue": "attention"}


class _StartKpis(QEvent):
    """Start the tiles' worker (posted once the lists are filled, to come after their paint)."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, generation: int):
        super().__init__(self.TYPE)
        self.generation = generation


class DashboardView(QWidget):
    loaded = Signal()           # the lists and the tiles gathered
    lists_shown = Signal()      # the lists filled in, before the tiles' worker starts

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.data = None      # the lists (their parts in `_parts_in`)
        self.kpis = None      # the KPI tiles and trend
        self._parts_in: set[str] = set()
        self._workers: dict = {}
        self._generation = 0
        # on a server the lists are asked for first and the page built while they are read (their
        # results come as queued signals, handled once the page is built and shown): their first
        # statements' round trips are waited for during the build. On a SQLite file there is no
        # round trip to wait for: reads begun so early only competed with the build for the
        # interpreter's lock (15 ms later on huge), so they begin once it is built
        early = not context.db.is_sqlite
        if early:
            self._start_gathering()

        # the page's widgets are made in the scroll area's content, where they stay: moved there
        # afterwards (by the layouts, by setWidget), each would be styled by the sheet again
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        self.title = QLabel(content)
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(content)
        self.subtitle.setObjectName("muted")
        from hubdesk.ui.dashboard.queries import TILE_KPIS

        self.tiles = [KpiTileWidget(code, content) for code in TILE_KPIS]
        for tile in self.tiles:
            tile.clicked.connect(lambda _code: self.context.open("report", 0))
        self.panels = {
            "today": DashboardPanelWidget(BookingsListTableModel(parent=self), content),
            "approvals": DashboardPanelWidget(BookingsListTableModel(parent=self), content),
            "week": DashboardPanelWidget(BookingsListTableModel(parent=self), content),
            "milestones": DashboardPanelWidget(MilestonesTableModel(parent=self), content),
            "deadlines": DashboardPanelWidget(DeadlinesTableModel(parent=self), content),
            "licences": DashboardPanelWidget(LicencesTableModel(parent=self), content),
            "certifications": DashboardPanelWidget(CertificationsExpiryTableModel(parent=self), content),
            "overdue": DashboardPanelWidget(OverdueInvoicesTableModel(parent=self), content),
        }
        # bookings an exchange left in conflict (issue 16), over the approvals waiting
        approvals = self.panels["approvals"]
        approvals.notice = conflict_banner(approvals, "exchangeConflictBanner")
        approvals.notice.linkActivated.connect(lambda _link: open_conflicts(self.context, self))
        cast(QVBoxLayout, approvals.layout()).insertWidget(1, approvals.notice)
        for panel in self.panels.values():
            # double-click or Enter (not doubleClicked as well: a double-click emits both)
            panel.table.activated.connect(lambda index, panel=panel: self.open_row(panel, index.row(),
                                                                                   index.column()))
        self.chart_frame = QFrame(content)
        self.chart_frame.setObjectName("tile")
        self.chart_title = QLabel(self.chart_frame)
        self.chart_title.setObjectName("sectionTitle")
        self.chart = BarChartWidget(self.chart_frame)
        self.chart.bar_clicked.connect(lambda _i: self.context.open("report", 0))
        chart_layout = QVBoxLayout(self.chart_frame)
        chart_layout.setContentsMargins(12, 8, 12, 10)
        chart_layout.addWidget(self.chart_title)
        chart_layout.addWidget(self.chart, 1)

        grid = QVBoxLayout(content)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        grid.addLayout(header)
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for tile in self.tiles:
            tiles.addWidget(tile, 1)
        grid.addLayout(tiles)
        panels = QGridLayout()
        panels.setSpacing(12)
        panels.addWidget(self.panels["today"], 0, 0)
        panels.addWidget(self.panels["approvals"], 0, 1)
        panels.addWidget(self.panels["week"], 1, 0)
        panels.addWidget(self.chart_frame, 1, 1)
        # the case deadlines have five columns of long texts (a date with the days left, the review
        # clock): they take the whole width, so that no header is cut at 1280 px in any language
        panels.addWidget(self.panels["deadlines"], 2, 0, 1, 2)
        panels.addWidget(self.panels["milestones"], 3, 0)
        panels.addWidget(self.panels["licences"], 3, 1)
        panels.addWidget(self.panels["certifications"], 4, 0)
        panels.addWidget(self.panels["overdue"], 4, 1)
        panels.setColumnStretch(0, 1)
        panels.setColumnStretch(1, 1)
        grid.addLayout(panels, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        context.bus.language_changed.connect(self.retranslate_ui)
        context.bus.data_changed.connect(self._on_data_changed)
        self._stale = False
        self._translate()       # the new lists' views have asked for nothing yet: no need to tell them
        if not early:
            self._start_gathering()
        self.subtitle.setText(_("Gathering today's figures…"))

    def _on_data_changed(self, _kind: str) -> None:
        """Gather again now if on screen, else the next time the dashboard is shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # --- loading -----------------------------------------------------------------------------
    # Background workers: the lists' parts (queries.LIST_PARTS), read at once and each shown as it
    # comes, are usable quickly; the KPI tiles and the trend compute over the year's bookings and
    # follow when ready (the tiles say "calculating…" until then). A newer refresh wins over an older one.
    @property
    def lists_loaded(self) -> bool:
        """The lists are in (what a person acts on); the tiles may still be calculating."""
        from hubdesk.ui.dashboard.queries import LIST_PARTS

        return self.data is not None and self._parts_in == set(LIST_PARTS)

    @property
    def is_loaded(self) -> bool:
        return self.data is not None and self.kpis is not None and not self._workers

    def refresh(self) -> None:
        """Gather the lists and the tiles again (F5, a change saved elsewhere)."""
        self._start_gathering()
        self.subtitle.setText(_("Gathering today's figures…"))

    def _start_gathering(self) -> None:
        from hubdesk.domain.quarters import Quarter
        from hubdesk.ui.common.worker import Worker
        from hubdesk.ui.dashboard.queries import LIST_PARTS, DashboardData, gather_kpis, gather_part, local_today

        self._generation += 1
        generation = self._generation
        db, today = self.context.db, local_today()
        self._incoming = DashboardData(today=today, quarter=str(Quarter.of(today)))
        self._parts_in = set()
        # all only read: closing the window interrupts their SQL (worker.stop_workers)
        self._workers = {f"lists:{part}": Worker(lambda progress, cancelled, part=part: gather_part(db, part, today),
                                                 interruptible=True)
                         for part in LIST_PARTS}
        self._workers["kpis"] = Worker(lambda progress, cancelled: gather_kpis(db, today), interruptible=True)
        for part, worker in self._workers.items():
            worker.signals.finished.connect(lambda data, part=part: self._loaded(generation, part, data))
            worker.signals.failed.connect(lambda exc, part=part: self._failed(generation, part, exc))
            worker.signals.cancelled.connect(lambda part=part: self._workers.clear())
        # the lists' parts at once (each on its own connection); the tiles after them: at the same
        # time they would slow the lists down (one database file, one GIL)
        for part in LIST_PARTS:
            self._workers[f"lists:{part}"].start()

    def _loaded(self, generation: int, part: str, data) -> None:
        if generation != self._generation:
            return
        self._workers.pop(part, None)
        if part.startswith("lists:"):
            for name, value in data.items():
                setattr(self._incoming, name, value)
            self.data = self._incoming
            self._parts_in.add(part.split(":", 1)[1])
            self._fill_lists(part.split(":", 1)[1])
            if not self.lists_loaded:
                return
            self.lists_shown.emit()
            # after the lists are painted: the tiles' worker, reading and interruptible, would hold
            # the GIL from the paint. Qt posts a window's paint (UpdateRequest) at low priority, so a
            # zero timer would come first; an event posted at the same low priority comes after it.
            QCoreApplication.postEvent(self, _StartKpis(generation),
                                       Qt.EventPriority.LowEventPriority.value)
        else:
            self.kpis = data
            self._fill_tiles()      # the lists stay as they are (laid out and painted once)
        if self.is_loaded:
            self.loaded.emit()

    def customEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if isinstance(event, _StartKpis):
            self._start_kpis(event.generation)
            return
        super().customEvent(event)

    def _start_kpis(self, generation: int) -> None:
        if generation == self._generation and "kpis" in self._workers:   # not closed nor refreshed since
            self._workers["kpis"].start()

    def _failed(self, generation: int, part: str, exc) -> None:
        if generation != self._generation:
            return
        self._workers.clear()
        for tile in self.tiles:
            tile.set_failed()
        self.chart.set_placeholder("")
        self.subtitle.setText(_("The figures could not be gathered. Press F5 to try again."))
        errors.show_error(self, exc)

    def shutdown(self) -> None:
        """Stop gathering (the window is closing): the worker running stops at its next step and
        its result is dropped; the one not started yet never starts. The application waits for
        the pool before it closes the database (app.run_app)."""
        workers = list(self._workers.values())
        self._workers.clear()
        self._generation += 1
        for worker in workers:
            worker.cancel()

    def wait_idle(self, timeout_ms: int = 30000) -> None:
        """Block until the figures are gathered, letting the finished signals arrive (tests)."""
        import time

        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + timeout_ms / 1000
        while self._workers and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.005)

    # --- showing -----------------------------------------------------------------------------
    def _fill(self) -> None:
        self._fill_tiles()
        self._fill_lists(*self._parts_in)

    def _fill_tiles(self) -> None:
        k = self.kpis
        if k is not None:
            for tile, value in zip(self.tiles, k.tiles):
                tile.set_tile(value)
            target_text = (_("target {value}").format(value=format_number(k.trend_target))
                           if k.trend_target is not None else "")
            trend = [(format_quarter(year, quarter), value) for year, quarter, value in k.trend]
            self.chart.set_data(trend, k.trend_target, lambda v: format_number(v, decimals=0), target_text)

    def _fill_lists(self, *parts: str) -> None:
        """Show the lists of these parts (queries.LIST_PARTS) of `data`."""
        d = self.data
        if d is None:
            return
        self.subtitle.setText(_("{date} · quarter {quarter}").format(date=format_date(d.today),
                                                                      quarter=d.quarter[-1]))
        p = self.panels
        if "bookings" in parts:
            p["today"].set_rows(d.bookings_today, _("No bookings today."))
            p["week"].set_rows(d.bookings_week, _("No bookings this week."))
            p["approvals"].set_rows(d.approvals, _("No booking is waiting for approval."))
            show_conflict_count(cast(QLabel, p["approvals"].notice), d.booking_conflicts)
        if "attention" in parts:
            p["milestones"].set_rows(d.milestones, _("No milestone is late or at risk."))
            p["deadlines"].set_rows(d.deadlines, _("No case deadline in the next 30 days."))
            p["licences"].set_rows(d.licences, _("No facility licence expires within 120 days."))
            p["certifications"].set_rows(d.certifications, ngettext(
                "No certification expires within {days} day.", "No certification expires within {days} days.",
                d.certification_lead_days).format(days=d.certification_lead_days))
            p["overdue"].set_rows(d.overdue, _("No invoice is overdue."))
        self._retitle()

    def _retitle(self) -> None:
        d = self.data
        p = self.panels
        p["today"].title.setText(_("Today's bookings"))
        if d is not None and "bookings" in self._parts_in:
            p["week"].title.setText(ngettext("This week: {count} booking", "This week: {count} bookings",
                                             d.week_count).format(count=format_number(d.week_count)))
            p["approvals"].title.setText(ngettext("Waiting for approval: {count} booking",
                                                  "Waiting for approval: {count} bookings",
                                                  d.approvals_count).format(count=format_number(d.approvals_count)))
        else:
            p["week"].title.setText(_("This week's bookings"))
            p["approvals"].title.setText(_("Waiting for approval"))
        p["milestones"].title.setText(_("Milestones late or at risk"))
        p["deadlines"].title.setText(_("Case deadlines and review clocks"))
        p["licences"].title.setText(_("Licences near expiry"))
        if d is not None and "attention" in self._parts_in:
            p["certifications"].title.setText(ngettext(
                "Near expiry: {count} certification", "Near expiry: {count} certifications",
                d.certifications_count).format(count=format_number(d.certifications_count)))
        else:
            p["certifications"].title.setText(_("Certifications near expiry"))
        p["overdue"].title.setText(_("Overdue invoices"))
        self.chart_title.setText(_("Companies supported per quarter"))

    def retranslate_ui(self, *_args) -> None:
        for panel in self.panels.values():
            panel.retranslate_headers()
            m = panel.model
            if m.rowCount():
                m.dataChanged.emit(m.index(0, 0), m.index(m.rowCount() - 1, m.columnCount() - 1))
        self._translate()

    def _translate(self) -> None:
        """The texts in the language of the moment (the lists' headers and cells ask their models
        when they paint: on a language switch `retranslate_ui` tells their views first)."""
        self.title.setText(_("Dashboard"))
        # the trend comes with the tiles: it says so until then (nothing once they could not be gathered)
        self.chart.set_placeholder(_("calculating…") if self.kpis is None and self.tiles[0].calculating else "")
        for tile in self.tiles:
            tile.retranslate_ui()
        self._fill()
        if self.data is None:
            self._retitle()
        for name, panel in self.panels.items():
            if PANEL_PART[name] not in self._parts_in:
                panel.fit_columns()     # the headers of the language (a list filled is fitted)

    def open_row(self, panel: DashboardPanelWidget, row: int, column: int = 0) -> None:
        if panel is self.panels["certifications"] and column == CertificationsExpiryTableModel.COL_FILE:
            file_id = panel.model.rows()[row].get("attachment_id") if 0 <= row < panel.model.rowCount() else None
            if file_id is not None:    # the certificate's file, in the system's viewer
                from hubdesk.ui.documents import panel as documents_panel
                from hubdesk.ui.documents.queries import copy_to_open

                with errors.guard(self):
                    documents_panel.open_url(copy_to_open(self.context.db, file_id))
                return
        record_id = panel.model.id_at(row)
        if record_id is not None:
            self.context.open(panel.model.record_kind, record_id)
