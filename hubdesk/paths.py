"""Where hubdesk's bundled files are (source tree or frozen app) and where user data lives.

This is the one path resolver: every bundled file is found through it, frozen or not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "hubdesk"
APP_AUTHOR = "hubdesk"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder that holds `resources/` and `translations/`.

    In a PyInstaller build that is the unpack folder (`sys._MEIPASS`); from a source checkout
    (and an editable install) it is the repository root, one level above the package; from a
    wheel it is `<prefix>/share/hubdesk`, where pyproject's data-files put them.
    """
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    source = Path(__file__).resolve().parent.parent
    if (source / "resources").is_dir():
        return source
    import site

    for prefix in (sys.prefix, site.USER_BASE or ""):
        installed = Path(prefix) / "share" / APP_NAME
        if prefix and (installed / "resources").is_dir():
            return installed
    return source


def package_root() -> Path:
    return Path(__file__).resolve().parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def icon_file(name: str) -> Path:
    """A bundled SVG icon, `resources/icons/<name>.svg` (see resources/icons/LICENSE)."""
    return resources_dir() / "icons" / f"{name}.svg"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    return bundle_root() / "translations"


def migrations_dir() -> Path:
    return package_root() / "db" / "migrations"


def user_data_dir() -> Path:
    """Per-user data folder (created on demand). `HUBDESK_DATA_DIR` overrides it."""
    override = os.environ.get("HUBDESK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, APP_AUTHOR, roaming=False)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "hubdesk.db"


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path a person typed, `~` expanded as a shell does: `~name` of a user this PC does not know
    stays as it was written (a file or folder called so), instead of an error."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:   # "Could not determine home directory"
        return path
