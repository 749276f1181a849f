"""Qt's own strings (standard buttons, message boxes, file dialogs, the line-edit context menu)
in the interface language.

Qt ships `qtbase_ko.qm` but nothing for Vietnamese (PySide6's translations folder holds no `*_vi.qm`), so `CatalogTranslator` answers Qt's requests
from OUR gettext catalog, where each Qt string is an entry with Qt's class as `msgctxt`
(`pgettext("QPlatformTheme", "Cancel")`). For Korean, Qt's own catalog is installed behind it and
fills in whatever our catalog leaves out. This is a bridge, not a second mechanism: the strings
live in the same .po files as everything else; there is no lupdate/tr().
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hubdesk import i18n


class CatalogTranslator(QTranslator):
    """Answers Qt's `translate(context, source)` with pgettext(context, source) from our catalog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D401
                  n: int = -1) -> str | None:
        # None (a null QString) means "not translated here": Qt then asks the next translator.
        if not context or not source or i18n.get_language() == "en":
            return None
        text = i18n.pgettext(context, source)
        return None if text == source else text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


_installed: list[QTranslator] = []


def install_qt_translators(lang: str, app: QCoreApplication | None = None) -> None:
    """Install (again) the translators for `lang`; Qt then sends LanguageChange to every widget.
    Qt's default locale follows too, so what Qt formats itself (a calendar's month names, a spin
    box's digit groups) reads as the language does."""
    QLocale.setDefault(QLocale(i18n.babel_locale(lang)))
    app = app or QCoreApplication.instance()
    if app is None:
        return
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang == "ko":
        qt_catalog = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_catalog.load("qtbase_ko", folder):
            app.installTranslator(qt_catalog)
            _installed.append(qt_catalog)
    ours = CatalogTranslator(app)
    app.installTranslator(ours)  # installed last, so asked first
    _installed.append(ours)


def qt_strings() -> list[tuple[str, str]]:
    """Qt's strings the interface shows, as (context, source). The `pgettext(...)` calls below are
    what the catalog extraction picks up; here they only build the list (tests check that every
    one is translated)."""

    def pgettext(context: str, source: str) -> tuple[str, str]:
        return context, source

    return [
        # QDialogButtonBox and QMessageBox standard buttons
        pgettext("QPlatformTheme", "OK"),
        pgettext("QPlatformTheme", "Save"),
        pgettext("QPlatformTheme", "Save All"),
        pgettext("QPlatformTheme", "Open"),
        pgettext("QPlatformTheme", "&Yes"),
        pgettext("QPlatformTheme", "Yes to &All"),
        pgettext("QPlatformTheme", "&No"),
        pgettext("QPlatformTheme", "N&o to All"),
        pgettext("QPlatformTheme", "Abort"),
        pgettext("QPlatformTheme", "Retry"),
        pgettext("QPlatformTheme", "Ignore"),
        pgettext("QPlatformTheme", "Close"),
        pgettext("QPlatformTheme", "Cancel"),
        pgettext("QPlatformTheme", "Discard"),
        pgettext("QPlatformTheme", "Don't Save"),
        pgettext("QPlatformTheme", "Close without Saving"),
        pgettext("QPlatformTheme", "Help"),
        pgettext("QPlatformTheme", "Apply"),
        pgettext("QPlatformTheme", "Reset"),
        pgettext("QPlatformTheme", "Restore Defaults"),
        pgettext("QMessageBox", "Show Details..."),
        pgettext("QMessageBox", "Hide Details..."),
        # the right-click menu of every text field
        pgettext("QLineEdit", "&Undo"),
        pgettext("QLineEdit", "&Redo"),
        pgettext("QLineEdit", "Cu&t"),
        pgettext("QLineEdit", "&Copy"),
        pgettext("QLineEdit", "&Paste"),
        pgettext("QLineEdit", "Delete"),
        pgettext("QLineEdit", "Select All"),
        pgettext("QWidgetTextControl", "&Undo"),
        pgettext("QWidgetTextControl", "&Redo"),
        pgettext("QWidgetTextControl", "Cu&t"),
        pgettext("QWidgetTextControl", "&Copy"),
        pgettext("QWidgetTextControl", "&Paste"),
        pgettext("QWidgetTextControl", "Delete"),
        pgettext("QWidgetTextControl", "Select All"),
        pgettext("QWidgetTextControl", "Copy &Link Location"),
        # Qt's own file dialog
        # (Qt 6's sources: "&Look in:" and "Files of &type:", with their mnemonics)
        pgettext("QFileDialog", "&Look in:"),
        pgettext("QFileDialog", "File &name:"),
        pgettext("QFileDialog", "Files of &type:"),
        pgettext("QFileDialog", "Go back"),
        pgettext("QFileDialog", "Go forward"),
        pgettext("QFileDialog", "Go to the parent directory"),
        pgettext("QFileDialog", "Create a New Folder"),
        pgettext("QFileDialog", "Change to list view mode"),
        pgettext("QFileDialog", "Change to detail view mode"),
        pgettext("QFileDialog", "Sidebar"),
        pgettext("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
        pgettext("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
        pgettext("QFileDialog", "%1\nDirectory not found.\nPlease verify the correct directory name was given."),
        pgettext("QFileDialog", "Are you sure you want to delete '%1'?"),
        pgettext("QFileDialog", "&Open"),
        pgettext("QFileDialog", "&Save"),
        pgettext("QFileDialog", "&Choose"),
        pgettext("QFileDialog", "Back"),
        pgettext("QFileDialog", "Forward"),
        pgettext("QFileDialog", "Parent Directory"),
        pgettext("QFileDialog", "Create New Folder"),
        pgettext("QFileDialog", "List View"),
        pgettext("QFileDialog", "Detail View"),
        pgettext("QFileDialog", "New Folder"),
        pgettext("QFileDialog", "All Files (*)"),
        pgettext("QFileDialog", "Directory:"),
        pgettext("QFileDialog", "Open"),
        pgettext("QFileDialog", "Save As"),
        pgettext("QFileDialog", "&Rename"),
        pgettext("QFileDialog", "&Delete"),
        pgettext("QFileDialog", "Show &hidden files"),
        pgettext("QFileDialog", "&New Folder"),
        pgettext("QFileDialog", "Recent Places"),
        pgettext("QFileDialog", "My Computer"),
        pgettext("QFileDialog", "Computer"),
        pgettext("QFileSystemModel", "Computer"),
        pgettext("QFileSystemModel", "My Computer"),
        pgettext("QAbstractFileIconProvider", "Folder"),
        pgettext("QAbstractFileIconProvider", "Drive"),
        pgettext("QAbstractFileIconProvider", "File"),
        pgettext("QFileSystemModel", "Name"),
        pgettext("QFileSystemModel", "Size"),
        pgettext("QFileSystemModel", "Type"),
        pgettext("QFileSystemModel", "Date Modified"),
        # progress dialogs and spin boxes
        pgettext("QProgressDialog", "Cancel"),
        pgettext("QAbstractSpinBox", "&Step up"),
        pgettext("QAbstractSpinBox", "Step &down"),
        pgettext("QAbstractSpinBox", "&Select All"),
    ]
