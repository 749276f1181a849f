"""The pipeline board: a column per open stage, a card per case (organization, product, pathway,
days in the stage, review clock); clicking a card emits `case_activated(case_id)`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QWidget

from hubdesk.db.enums import RiskLevel
from hubdesk.i18n import _, ngettext
from hubdesk.ui.cases.queries import BoardColumn, CaseCard
from hubdesk.ui.common.display import format_date
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import STRETCH, styled_label, vbox

COLUMN_WIDTH = 214
RISK_COLOURS = {RiskLevel.LOW: "#15803d", RiskLevel.MEDIUM: "#b45309", RiskLevel.HIGH: "#b91c1c"}

CARD_STYLE = """
QFrame#caseCard { background: white; border: 1px solid #d1d5db; border-radius: 6px; }
QFrame#caseCard:hover { border: 1px solid #2563eb; }
QFrame#boardColumn { background: #eef1f5; border-radius: 8px; }
QLabel#cardTitle { font-weight: 600; color: #111827; }
QLabel#cardLine { color: #374151; }
QLabel#cardMuted { color: #6b7280; font-size: 9pt; }
QLabel#columnTitle { font-weight: 600; color: #1f2937; padding: 2px 2px 4px 2px; }
"""


class CaseCardWidget(QFrame):
    clicked = Signal(int)

    def __init__(self, card: CaseCard, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = card
        self.setObjectName("caseCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title, self.product, self.pathway, self.days = (
            styled_label(self, name, wrap=True) for name in ("cardTitle", "cardLine", "cardMuted", "cardMuted"))
        layout = vbox(self, self.title, self.product, self.pathway, self.days, margins=(10, 7, 8, 7))
        layout.setSpacing(2)
        colour = RISK_COLOURS.get(card.risk_level, "#6b7280")
        self.setStyleSheet(f"QFrame#caseCard {{ border-left: 4px solid {colour}; }}")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        from hubdesk.domain.case_templates import pathway_title

        c = self.card
        self.title.setText(c.organization)
        self.product.setText(c.product)
        self.pathway.setText(_("{pathway} · {risk}").format(pathway=pathway_title(c.pathway),
                                                            risk=label(c.risk_level)))
        lines = [ngettext("{days} day in this stage", "{days} days in this stage", c.days_in_stage)
                 .format(days=c.days_in_stage)]
        if c.review_days_used is not None:
            lines.append(ngettext("Review clock: {used} day used, {stopped} stopped",
                                  "Review clock: {used} days used, {stopped} stopped", c.review_days_used)
                         .format(used=c.review_days_used, stopped=c.review_days_stopped))
        if c.next_deadline is not None:
            lines.append(_("Next deadline: {date}").format(date=format_date(c.next_deadline)))
        self.days.setText("\n".join(lines))
        self.setToolTip(_("Open the case of {product}").format(product=c.product))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.card.case_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.card.case_id)
            return
        super().keyPressEvent(event)


class BoardColumnWidget(QFrame):
    def __init__(self, column: BoardColumn, parent: QWidget | None = None):
        super().__init__(parent)
        self.column = column
        self.setObjectName("boardColumn")
        self.setFixedWidth(COLUMN_WIDTH)
        self.title = styled_label(self, "columnTitle", wrap=True)
        self.more = styled_label(self, "cardMuted", wrap=True)
        self.cards = [CaseCardWidget(card, self) for card in column.cards]
        layout = vbox(self, self.title, *self.cards, self.more, STRETCH, margins=(6, 6, 6, 6))
        layout.setSpacing(6)
        self.retranslate_ui()

    # The board lays the columns out top-aligned, so a column gets the height of its size hint; a
    # box layout's hint takes each wrapped label at its own preferred width, not at the width the
    # column has, and a card whose product name wraps lost its last line. The hint here is the
    # height the cards need at the column's fixed width.
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(COLUMN_WIDTH, self.layout().totalHeightForWidth(COLUMN_WIDTH))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def retranslate_ui(self) -> None:
        from hubdesk.domain.case_templates import stage_title

        self.title.setText(_("{stage} ({count})").format(stage=stage_title(self.column.stage),
                                                         count=self.column.total))
        hidden = self.column.total - len(self.column.cards)
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(ngettext("{count} more case: see the list", "{count} more cases: see the list",
                                       hidden).format(count=hidden))
        for card in self.cards:
            card.retranslate_ui()


class CasePipelineBoardWidget(QScrollArea):
    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("casePipelineBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(CARD_STYLE)
        self.columns: list[BoardColumnWidget] = []
        self._inner = QWidget()
        self._layout = QHBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)

    def set_columns(self, columns: list[BoardColumn]) -> None:
        for widget in self.columns:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        self.columns = []
        for column in columns:
            widget = BoardColumnWidget(column, self._inner)
            for card in widget.cards:
                card.clicked.connect(self.case_activated)
            self._layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
            self.columns.append(widget)

    def card_widgets(self) -> list[CaseCardWidget]:
        return [card for column in self.columns for card in column.cards]

    def retranslate_ui(self) -> None:
        for column in self.columns:
            column.retranslate_ui()
