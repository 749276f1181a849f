"""The interface's icons: every area, tool and toolbar action has its own icon, loaded from a bundled
SVG file (Lucide, licence recorded) and drawn at 16, 24 and 32 px and at device pixel ratio 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from hubdesk.paths import icon_file, resources_dir
from hubdesk.ui import navigation
from hubdesk.ui.accounts.admin_view import ADMIN_AREA, TABS
from hubdesk.ui.common.icons import ICON_FILES, INK, SIDEBAR_INK, icon

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ("new", "save", "find", "refresh", "print", "export")
AREAS = [a.icon for a in navigation.AREAS] + [ADMIN_AREA[2]] + [key for key, _t, _c in TABS]
TOOLS = [tool.key for tool in navigation.TOOLS]


def painted(pixmap) -> int:
    """How many pixels of the pixmap are drawn (not transparent)."""
    image = pixmap.toImage()
    return sum(1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).alpha() > 64)


@pytest.mark.parametrize("key", sorted(set(AREAS + TOOLS + list(ACTIONS))))
def test_each_icon_loads_from_its_svg_and_is_drawn_at_every_size(qapp, key):
    path = icon_file(ICON_FILES[key])
    assert path.suffix == ".svg" and path.is_file(), path
    assert "<svg" in path.read_text("utf-8") and "currentColor" in path.read_text("utf-8")   # as Lucide ships it
    ico = icon(key)
    assert not ico.isNull()
    assert ico.availableSizes() == [], "an SVG icon is scalable: no fixed bitmap sizes"
    for size in (16, 24, 32):
        plain = ico.pixmap(QSize(size, size))
        assert plain.size() == QSize(size, size) and painted(plain) > size // 2
        sharp = ico.pixmap(QSize(size, size), 2.0)
        assert sharp.devicePixelRatio() == 2.0
        assert sharp.size() == QSize(2 * size, 2 * size), "drawn at twice the pixels, not scaled up"
        assert painted(sharp) > 2 * painted(plain), "the lines are drawn again at the finer resolution"


def test_every_area_tool_and_action_has_an_icon_of_its_own():
    keys = AREAS + TOOLS + list(ACTIONS)
    assert all(key in ICON_FILES for key in keys)
    areas = [ICON_FILES[a.icon] for a in navigation.AREAS] + [ICON_FILES[ADMIN_AREA[2]]]
    assert len(set(areas)) == len(areas), "two areas share an icon"
    actions = [ICON_FILES[a] for a in ACTIONS]
    assert len(set(actions)) == len(actions)


def test_the_bundled_icons_are_the_ones_used_and_their_licence_is_recorded():
    svgs = {p.stem for p in (resources_dir() / "icons").glob("*.svg")}
    assert svgs == set(ICON_FILES.values())
    licence = (resources_dir() / "icons" / "LICENSE").read_text("utf-8")
    assert "Lucide" in licence and "ISC License" in licence
    assert "Lucide" in (ROOT / "README.md").read_text("utf-8")


def test_a_wheel_and_the_packaged_app_carry_the_icons():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "resources/icons/*" in project["tool"]["setuptools"]["data-files"]["share/hubdesk/resources/icons"]
    spec = (ROOT / "hubdesk.spec").read_text("utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec          # the whole folder
    assert "iconengines" not in spec and "PySide6.QtSvg" not in spec  # Qt's SVG icon engine is kept


def inks(pixmap) -> set[str]:
    image = pixmap.toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255}


def test_icons_take_the_colour_of_where_they_are_drawn(qapp):
    from PySide6.QtGui import QIcon

    dark, light = icon("bookings").pixmap(QSize(32, 32)), icon("bookings", SIDEBAR_INK).pixmap(QSize(32, 32))
    assert inks(dark) == {INK} and inks(light) == {SIDEBAR_INK}
    faded = icon("bookings").pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
    assert max(faded.pixelColor(x, y).alpha() for x in range(32) for y in range(32)) < 128   # greyed out
    selected = icon("bookings", SIDEBAR_INK, "#ffffff").pixmap(QSize(32, 32), QIcon.Mode.Selected)
    assert inks(selected) == {"#ffffff"}


def test_the_main_window_shows_the_svg_icons(qtbot, main_window):
    sidebar = main_window.sidebar
    for row, area in enumerate(navigation.AREAS):
        shown = sidebar.item(row).icon()
        assert not shown.isNull()
        assert shown.cacheKey() == icon(area.icon, SIDEBAR_INK, "#ffffff").cacheKey()   # light on the dark sidebar
    for name in ACTIONS:
        assert main_window.actions_by_name[name].icon().cacheKey() == icon(name).cacheKey()
