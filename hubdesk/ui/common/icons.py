"""The interface's icons: one SVG per area, tool and toolbar action, from the Lucide set bundled in
`resources/icons/` (licence in resources/icons/LICENSE), found through `hubdesk.paths.icon_file`.

Lucide draws its lines in `currentColor`; `icon(key, colour)` gives that colour (the toolbar's
dark grey by default, the sidebar's light grey on its dark background) and a lighter one when the
icon is disabled. The icon engine draws the SVG at whatever size and device pixel ratio it is asked
for, so an icon stays sharp at 16, 24 or 32 px and on a high-density screen."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from hubdesk.paths import icon_file

# key -> Lucide icon name (the file resources/icons/<name>.svg)
ICON_FILES: dict[str, str] = {
    # areas
    "dashboard": "layout-dashboard",
    "organizations": "building-2",
    "facilities": "factory",
    "bookings": "calendar-clock",
    "cases": "clipboard-plus",
    "programs": "chart-gantt",
    "reports": "file-text",
    "admin": "user-cog",
    "settings": "settings",
    # tools and the Administration tabs
    "import": "import",
    "users": "users",
    "audit": "scroll-text",
    "backups": "database-backup",
    "documents": "paperclip",
    # toolbar actions
    "new": "plus",
    "save": "save",
    "find": "search",
    "refresh": "refresh-cw",
    "print": "printer",
    "export": "file-down",
}
INK = "#374151"            # icons on the light window and toolbar
SIDEBAR_INK = "#e5e7eb"    # icons on the dark sidebar (its text colour)
DISABLED_OPACITY = 0.4

__all__ = ["ICON_FILES", "INK", "SIDEBAR_INK", "icon", "svg_bytes"]

_engines: list[QIconEngine] = []   # kept alive for as long as Qt may use them (icons are few)


def svg_bytes(key: str) -> bytes:
    """The SVG file of an icon, as stored."""
    return icon_file(ICON_FILES[key]).read_bytes()


class _SvgIconEngine(QIconEngine):
    """Draws an SVG whose `currentColor` is a given colour (`selected` for a selected item; faded
    when disabled)."""

    def __init__(self, data: bytes, colour: str, selected: str | None = None):
        super().__init__()
        self._data, self._colour, self._selected = data, colour, selected
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = self._selected if mode == QIcon.Mode.Selected and self._selected else self._colour
        renderer = self._renderers.get(colour)
        if renderer is None:
            renderer = self._renderers[colour] = QSvgRenderer(self._data.replace(b"currentColor", colour.encode()))
        return renderer

    def _drawn(self, size: QSize, mode: QIcon.Mode) -> QPixmap:
        """The icon at full strength in `size` device pixels."""
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode != QIcon.Mode.Disabled:
            self._renderer(mode).render(painter, QRectF(rect))
            return
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        full = self._drawn(QSize(round(rect.width() * ratio), round(rect.height() * ratio)), mode)
        painter.save()
        painter.setOpacity(DISABLED_OPACITY)     # the whole icon faded at once, not stroke by stroke
        painter.drawPixmap(rect, full)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        full = self._drawn(size, mode)
        if mode != QIcon.Mode.Disabled:
            return full
        faded = QPixmap(size)
        faded.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faded)
        painter.setOpacity(DISABLED_OPACITY)
        painter.drawPixmap(0, 0, full)
        painter.end()
        return faded

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        pixmap = self.pixmap(QSize(round(size.width() * scale), round(size.height() * scale)), mode, state)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return size

    def clone(self) -> QIconEngine:
        engine = _SvgIconEngine(self._data, self._colour, self._selected)
        _engines.append(engine)
        return engine

    def key(self) -> str:
        return "hubdesk-svg"


@lru_cache(maxsize=None)
def icon(key: str, colour: str = INK, selected: str | None = None) -> QIcon:
    """The icon of an area, tool or action drawn in `colour` (`selected`: the colour when its item
    is selected); an empty icon for an unknown key."""
    if key not in ICON_FILES:
        return QIcon()
    engine = _SvgIconEngine(svg_bytes(key), colour, selected)
    _engines.append(engine)
    return QIcon(engine)
