"""First run: foundation name, language, the first administrator, and whether to load demo data.

Accounts with passwords belong to their own issue: the administrator is stored as a User row with
the admin role and no password for now, and the dialog says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from hubdesk import i18n
from hubdesk.i18n import _
from hubdesk.ui.common import forms
from hubdesk.ui.common.layouts import muted_label, page_title, vbox


@dataclass
class SetupChoices:
    foundation_name: str
    language: str
    admin_name: str
    load_demo: bool


class FirstRunDialog(QDialog):
    def __init__(self, language: str, demo_available: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setMinimumWidth(540)     # the demo data check box, unwrapped, fits in every language
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.foundation_edit = QLineEdit(self)
        self.language_combo = QComboBox(self)
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.admin_edit = QLineEdit(self)
        self.password_note = muted_label(self, wrap=True)
        self.demo_check = QCheckBox(self)
        self.demo_check.setEnabled(demo_available)
        self.problem_label = forms.problem_label(self, hidden=False)
        self.buttons = forms.ok_cancel_buttons(self)
        self.heading = page_title(self)
        self.foundation_label, self.language_label, self.admin_label = QLabel(self), QLabel(self), QLabel(self)
        self.form = QFormLayout()
        self.form.addRow(self.foundation_label, self.foundation_edit)
        self.form.addRow(self.language_label, self.language_combo)
        self.form.addRow(self.admin_label, self.admin_edit)
        self.form.addRow(None, self.password_note)
        self.form.addRow(None, self.demo_check)
        vbox(self, self.heading, self.intro, self.form, self.problem_label, self.buttons)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.retranslate_ui()

    def _language_chosen(self) -> None:
        from hubdesk.ui.common.i18n_qt import install_qt_translators

        i18n.set_language(self.language_combo.currentData())
        install_qt_translators(i18n.get_language())
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Welcome to hubdesk"))
        self.intro.setText(_("There is no hubdesk database on this computer yet. Answer these few questions "
                             "to create one; everything can be changed later in Settings."))
        self.heading.setText(_("Welcome to hubdesk"))
        self.foundation_label.setText(_("Foundation name:"))
        self.language_label.setText(_("Language:"))
        self.admin_label.setText(_("Administrator name:"))
        self.foundation_edit.setPlaceholderText(_("for example: Jecheon Bio Foundation"))
        self.admin_edit.setPlaceholderText(_("your name, e.g. Kim Minji"))
        self.password_note.setText(_("Passwords are not used yet: the administrator is recorded by name, "
                                     "and sign-in with a password will come with user accounts."))
        self.demo_check.setText(_("Load demonstration data (fictional organizations, bookings and cases)"))

    def choices(self) -> SetupChoices:
        return SetupChoices(self.foundation_edit.text().strip(), self.language_combo.currentData(),
                            self.admin_edit.text().strip(), self.demo_check.isChecked())

    def accept(self) -> None:
        choices = self.choices()
        if not choices.foundation_name:
            self.problem_label.setText(_("Enter the foundation's name; it appears on reports."))
            self.foundation_edit.setFocus()
            return
        if not choices.admin_name:
            self.problem_label.setText(_("Enter the administrator's name."))
            self.admin_edit.setFocus()
            return
        super().accept()


def ask_first_run(language: str, demo_available: bool) -> SetupChoices | None:
    """Show the setup; None when the person cancels. Tests replace this function."""
    dialog = FirstRunDialog(language, demo_available)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choices()
