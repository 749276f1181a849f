"""The pipeline board: a column per open stage, a card per case (organization, product, pathway,
days in the stage, review clock); clicking a card emits `case_activated(case_id)`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.cases.queries import BoardColumn, CaseCard
from hubdesk.ui.common.display import format_date
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import STRETCH, styled_label, vbox

WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
COLUMN_WIDTH = 214
CARD_WIDTH = COLUMN_WIDTH - 12     # a column's margins are 6 on each side
CARD_MARGINS = (10, 7, 8, 7)   # left, top, right, bottom: inside the card's border
LINE_SPACING = 2
# the cards' frames and the columns are drawn by the application's style sheet
# (hubdesk.ui.common.style.BOARD_STYLE); a card paints its own four texts


class CardText:
    """One text of a card (its organization, product, pathway, days), painted by the card: a QLabel
    each made the board's widgets most of the time the area took to open (four per card, each
    polished and laid out)."""

    def __init__(self, colour: str, *, bold: bool = False, point_size: float | None = None):
        self.colour = QColor(colour)
        self.bold = bold
        self.point_size = point_size
        self._text = ""

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - a label's name
        self._text = text

    def font(self, base: QFont) -> QFont:
        font = QFont(base)
        if self.bold:
            font.setWeight(QFont.Weight.DemiBold)
        if self.point_size is not None:
            font.setPointSizeF(self.point_size)
        return font


class CaseCardWidget(QFrame):
    clicked = Signal(int)

    def __init__(self, card: CaseCard, parent: QWidget | None = None):
        super().__init__(parent)
        self.card = card
        self.setObjectName("caseCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title, self.product, self.pathway, self.days = (
            CardText("#111827", bold=True), CardText("#374151"), CardText("#6b7280", point_size=9),
            CardText("#6b7280", point_size=9))
        self._rects: dict[int, list[tuple[CardText, QFont, QRect]]] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # its left border takes the risk's colour (the application's style sheet: a style sheet of
        # its own on each card cost more than the cards)
        self.setProperty("risk", card.risk_level.value if card.risk_level else "")
        self.retranslate_ui()

    @property
    def texts(self) -> tuple[CardText, ...]:
        return self.title, self.product, self.pathway, self.days

    def _text_rects(self, width: int) -> list[tuple[CardText, QFont, QRect]]:
        """Where each text goes at `width`, kept until the texts change (Qt asks many times). The
        layout gives a card the column's width give or take a pixel or two of rounding: within its
        right margin, the texts laid out at the column's width are kept."""
        if CARD_WIDTH - CARD_MARGINS[2] // 2 <= width <= CARD_WIDTH:
            width = CARD_WIDTH
        if width not in self._rects:
            self._rects[width] = self._lay_out(width)
        return self._rects[width]

    def _lay_out(self, width: int) -> list[tuple[CardText, QFont, QRect]]:
        left, top, right, _bottom = CARD_MARGINS
        inner = max(width - left - right, 1)
        out, y = [], top
        for text in self.texts:
            if not text.text():
                continue
            font = text.font(self.font())
            height = QFontMetrics(font).boundingRect(QRect(0, 0, inner, 100_000), WRAP, text.text()).height()
            out.append((text, font, QRect(left, y, inner, height)))
            y += height + LINE_SPACING
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        rects = self._text_rects(width)
        bottom = rects[-1][2].bottom() + 1 if rects else CARD_MARGINS[1]
        return bottom + CARD_MARGINS[3]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(CARD_WIDTH, self.heightForWidth(CARD_WIDTH))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(60, self.heightForWidth(CARD_WIDTH))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._rects.clear()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)    # the frame (style sheet)
        painter = QPainter(self)
        for text, font, rect in self._text_rects(self.width()):
            painter.setFont(font)
            painter.setPen(text.colour)
            painter.drawText(rect, WRAP, text.text())
        painter.end()

    def retranslate_ui(self) -> None:
        from hubdesk.domain.case_templates import pathway_title

        c = self.card
        before = [t.text() for t in self.texts]
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
        self.setAccessibleName(c.organization)
        self.setAccessibleDescription("\n".join(t.text() for t in self.texts[1:]))
        if [t.text() for t in self.texts] != before:     # laid out again only when a text changed
            self._rects.clear()
            self.updateGeometry()
            self.update()

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
        self._hint: QSize | None = None
        layout = vbox(self, self.title, *self.cards, self.more, STRETCH, margins=(6, 6, 6, 6))
        layout.setSpacing(6)
        self._retranslate_own()     # the cards said theirs as they were made

    # The board lays the columns out top-aligned, so a column gets the height of its size hint; a
    # box layout's hint takes each wrapped label at its own preferred width, not at the width the
    # column has, and a card whose product name wraps lost its last line. The hint here is the
    # height the cards need at the column's fixed width. Kept until the texts change (Qt asks for it
    # several times while laying the board out, and each answer lays out every wrapped label).
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self._hint is None:
            self._hint = QSize(COLUMN_WIDTH, self.layout().totalHeightForWidth(COLUMN_WIDTH))
        return self._hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def retranslate_ui(self) -> None:
        self._retranslate_own()
        for card in self.cards:
            card.retranslate_ui()

    def _retranslate_own(self) -> None:
        from hubdesk.domain.case_templates import stage_title

        self.title.setText(_("{stage} ({count})").format(stage=stage_title(self.column.stage),
                                                         count=self.column.total))
        hidden = self.column.total - len(self.column.cards)
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(ngettext("{count} more case: see the list", "{count} more cases: see the list",
                                       hidden).format(count=hidden))
        self._hint = None
        self.updateGeometry()


class CasePipelineBoardWidget(QScrollArea):
    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("casePipelineBoard")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
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
