"""The application's look: Fusion with a calm light palette and a little stylesheet for the
sidebar, page titles, tiles and field messages."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#2563eb"
DANGER = "#b91c1c"
WARNING = "#b45309"
OK = "#15803d"
MUTED = "#6b7280"

STYLESHEET = f"""
QListWidget#sidebar {{
    background: #1f2937; color: #e5e7eb; padding-top: 8px; outline: 0;
}}
QListWidget#sidebar::item {{ padding: 6px 12px; border-left: 3px solid transparent; }}
QListWidget#sidebar::item:selected {{
    background: #374151; color: white; border-left: 3px solid {ACCENT};
}}
QListWidget#sidebar::item:hover:!selected {{ background: #2b3544; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: #111827; padding: 2px 0 6px 0; }}
QLabel#sectionTitle {{ font-size: 11.5pt; font-weight: 600; color: #1f2937; padding-top: 6px; }}
QLabel#fieldProblem {{ color: {DANGER}; font-size: 9pt; }}
QLabel#muted {{ color: {MUTED}; }}
QFrame#tile {{ background: white; border: 1px solid #e5e7eb; border-radius: 8px; }}
QLabel#tileValue {{ font-size: 17pt; font-weight: 600; color: #111827; }}
QLabel#tileCaption {{ color: {MUTED}; }}
QTableView {{ gridline-color: #eceff3; selection-background-color: #dbeafe; selection-color: #111827; }}
QHeaderView::section {{ background: #f3f4f6; padding: 4px 6px; border: 0; border-bottom: 1px solid #e5e7eb;
    border-right: 1px solid #e5e7eb; font-weight: 600; }}
QToolBar#mainToolbar {{ spacing: 4px; padding: 3px; border-bottom: 1px solid #e5e7eb; }}
QLineEdit[problem="true"] {{ border: 1px solid {DANGER}; border-radius: 3px; background: #fef2f2; }}
"""

# the Clinical entry board (hubdesk.ui.cases.board): in the application's sheet, parsed once, not a
# sheet of the board's own that Qt resolves again for each of its widgets
BOARD_STYLE = """
QFrame#caseCard { background: white; border: 1px solid #d1d5db; border-radius: 6px; }
QFrame#caseCard:hover { border: 1px solid #2563eb; }
QFrame#caseCard[risk="low"] { border-left: 4px solid #15803d; }
QFrame#caseCard[risk="medium"] { border-left: 4px solid #b45309; }
QFrame#caseCard[risk="high"] { border-left: 4px solid #b91c1c; }
QFrame#caseCard[risk=""] { border-left: 4px solid #6b7280; }
QFrame#boardColumn { background: #eef1f5; border-radius: 8px; }
QLabel#cardMuted { color: #6b7280; font-size: 9pt; }
QLabel#columnTitle { font-weight: 600; color: #1f2937; padding: 2px 2px 4px 2px; }
"""


def apply_style(app: QApplication) -> None:
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f9fafb"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET + BOARD_STYLE)
