"""The bundled interface font (Pretendard: Hangul, Latin and Vietnamese with TrueType outlines),
so that Korean renders on a PC without Korean fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hubdesk import paths

PREFERRED_FAMILIES = ("Pretendard", "Pretendard Variable", "Noto Sans KR")


def load_bundled_fonts() -> list[str]:
    """Register every resources/fonts/*.ttf (and .otf) with Qt; returns the families found."""
    families: list[str] = []
    folder = paths.fonts_dir()
    if not folder.is_dir():
        return families
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".ttf", ".otf"):
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in families:
                    families.append(family)
    return families


def interface_family(families: list[str]) -> str | None:
    for name in PREFERRED_FAMILIES:
        if name in families:
            return name
    return families[0] if families else None


def apply_interface_font(app: QApplication, point_size: float | None = None) -> str | None:
    """Load the bundled fonts and make the preferred one the application font. Returns its family
    (None when no font is bundled: the system font stays)."""
    family = interface_family(load_bundled_fonts())
    if family is None:
        return None
    font = QFont(family)
    size = point_size or app.font().pointSizeF()
    if size > 0:
        font.setPointSizeF(size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return family
