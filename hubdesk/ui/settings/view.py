"""The Settings area: foundation name and logo, language (applied at once, no restart), default
facility time zone, closure days, user classes and resource rates, and the invoicing policy.

Opening the area reads only its first tab (the foundation's settings, the alert lead time and the
document size limit); each other tab reads its rows the first time it is shown (`loaded`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget)

from hubdesk import i18n
from hubdesk.domain import clock
from hubdesk.i18n import _
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import (PAGE_MARGINS, STRETCH, hbox, muted_label, page_title, push_button, styled_label,
                                      vbox)
from hubdesk.ui.common.widgets import configure_table_view, current_row
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.settings import dialog, queries
from hubdesk.ui.settings.table_model import (ClosureDaysTableModel, PublicHolidaysTableModel,
                                             ResourceRatesTableModel, UserClassesTableModel)



class FoundationWidget(QWidget):
    """Name, logo, default time zone and language."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.name_edit = QLineEdit(self)
        self.logo_edit = QLineEdit(self)
        self.logo_edit.setReadOnly(True)
        self.logo_button = push_button(self, self.choose_logo)
        self.logo_clear = QPushButton(self)
        self.logo_clear.clicked.connect(lambda: self.set_logo(None))
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedSize(240, 90)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.zone_combo = QComboBox(self)
        self.zone_combo.setEditable(True)
        from zoneinfo import available_timezones

        zones = list(clock.COMMON_ZONES) + sorted(z for z in available_timezones()
                                                  if z not in clock.COMMON_ZONES and "/" in z)
        self.zone_combo.addItems(zones)
        self.save_button = push_button(self, self.save)
        self.language_combo = QComboBox(self)
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(i18n.get_language()))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.language_note = muted_label(self, wrap=True)

        logo_row = hbox((self.logo_edit, 1), self.logo_button, self.logo_clear)
        self.foundation_box = QGroupBox(self)
        form = QFormLayout(self.foundation_box)
        self.name_label, self.logo_label, self.zone_label = QLabel(self), QLabel(self), QLabel(self)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.logo_label, logo_row)
        form.addRow("", self.logo_preview)
        form.addRow(self.zone_label, self.zone_combo)
        buttons = hbox(STRETCH, self.save_button)
        form.addRow(buttons)
        self.language_box = QGroupBox(self)
        lform = QFormLayout(self.language_box)
        self.language_label = QLabel(self)
        lform.addRow(self.language_label, self.language_combo)
        lform.addRow("", self.language_note)
        for box in (self.language_box, self.foundation_box):
            box.setMaximumWidth(820)
        vbox(self, self.language_box, self.foundation_box, STRETCH)
        self.load()

    def load(self) -> None:
        values = queries.get_settings(self.context.db, (queries.FOUNDATION_NAME, queries.FOUNDATION_LOGO,
                                                        queries.DEFAULT_TIMEZONE))
        self.name_edit.setText(values.get(queries.FOUNDATION_NAME) or "")
        self.set_logo(values.get(queries.FOUNDATION_LOGO))
        zone = values.get(queries.DEFAULT_TIMEZONE) or clock.DEFAULT_ZONE
        index = self.zone_combo.findText(zone)
        if index >= 0:
            self.zone_combo.setCurrentIndex(index)
        else:
            self.zone_combo.setEditText(zone)

    def set_logo(self, path: str | None) -> None:
        self.logo_edit.setText(path or "")
        pixmap = QPixmap(path) if path else QPixmap()
        self.logo_preview.setVisible(not pixmap.isNull())
        if pixmap.isNull():
            self.logo_preview.clear()
        else:
            self.logo_preview.setPixmap(pixmap.scaled(self.logo_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))

    def choose_logo(self) -> None:
        path = dialog.choose_logo_file(self)
        if path:
            self.set_logo(path)

    def save(self) -> bool:
        from hubdesk.domain.settings import save_foundation

        return write_op(self.context, self, save_foundation, self.name_edit.text(), self.logo_edit.text() or None,
                        self.zone_combo.currentText().strip(), changes=Change.SETTINGS,
                        done=_("Settings saved.")).ok

    def _language_chosen(self) -> None:
        lang = self.language_combo.currentData()
        if lang and lang != i18n.get_language():
            self.context.settings().setValue("language", lang)
            self.context.set_language(lang)

    def retranslate_ui(self) -> None:
        self.foundation_box.setTitle(_("Foundation"))
        self.language_box.setTitle(_("Language"))
        self.name_label.setText(_("Foundation name:"))
        self.logo_label.setText(_("Logo (used in reports):"))
        self.zone_label.setText(_("Foundation time zone:"))
        self.zone_combo.setToolTip(_("Today's date, the current quarter and report dates follow this zone, "
                                     "whatever the computer's clock is set to. A new facility starts with it; "
                                     "each facility's bookings use the facility's own zone."))
        self.language_label.setText(_("Interface language:"))
        self.language_note.setText(_("The change applies at once to every open window, and hubdesk starts "
                                     "in this language next time."))
        self.logo_button.setText(_("Choose…"))
        self.logo_clear.setText(_("Remove"))
        self.save_button.setText(_("Save"))
        self.blockSignals(True)
        self.language_combo.setCurrentIndex(self.language_combo.findData(i18n.get_language()))
        self.blockSignals(False)


class ClosureDaysWidget(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = ClosureDaysTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.setColumnWidth(0, 160)
        self.day_edit = QDateEdit(self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(QDate.currentDate())
        self.name_edit = QLineEdit(self)
        self.add_button = push_button(self, self.add)
        self.remove_button = push_button(self, self.remove_selected)
        self.note = muted_label(self, wrap=True)
        self.holidays_model = PublicHolidaysTableModel(parent=self)
        self.holidays_table = QTableView(self)
        self.holidays_table.setModel(self.holidays_model)
        configure_table_view(self.holidays_table, sortable=False)
        self.holidays_table.setColumnWidth(0, 160)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(clock.today().year)
        self.year_spin.valueChanged.connect(lambda _year: self._load_holidays())
        self.holidays_title = styled_label(self, "sectionTitle")
        self.closures_title = styled_label(self, "sectionTitle")
        row = hbox(self.day_edit, (self.name_edit, 1), self.add_button, self.remove_button)
        left = vbox(None, self.closures_title, row, (self.table, 1))
        holidays_head = hbox((self.holidays_title, 1), self.year_spin)
        right = vbox(None, holidays_head, (self.holidays_table, 1))
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(16)
        columns.addLayout(right, 2)
        vbox(self, self.note, (columns, 1))
        self.loaded = False     # read when the tab is first shown (SettingsView)

    def _load_holidays(self) -> None:
        """The year's public holidays; read when the tab is on screen (the holidays package takes
        half a second to load its Korean calendar the first time)."""
        if not self.isVisible():
            self._holidays_stale = True
            return
        self._holidays_stale = False
        self.holidays_model.set_rows(queries.public_holidays(self.year_spin.value()))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.loaded:
            self.load()
        elif getattr(self, "_holidays_stale", True):
            self._load_holidays()

    def load(self) -> None:
        self.loaded = True
        self.model.set_rows(queries.closure_days(self.context.db))
        self._load_holidays()

    def add(self) -> bool:
        from hubdesk.domain.calendar import add_closure_day

        d = self.day_edit.date()
        if not write_op(self.context, self, add_closure_day, dt.date(d.year(), d.month(), d.day()),
                        self.name_edit.text(), changes=Change.CLOSURE_DAY).ok:
            return False
        self.name_edit.clear()
        self.load()
        return True

    def remove_selected(self) -> None:
        row = current_row(self.table, self.model)
        if row is None:
            return
        if dialog.ask_confirmation(self, _("Remove the closure day {name} on {date}?")
                                   .format(name=row["name"], date=row["day"].isoformat())):
            from hubdesk.domain.calendar import remove_closure_day

            if write_op(self.context, self, remove_closure_day, row["id"], changes=Change.CLOSURE_DAY).ok:
                self.load()

    def retranslate_ui(self) -> None:
        self.note.setText(_("Days the foundation's facilities are closed besides Korean public holidays. "
                            "A booking on such a day needs an explicit override."))
        self.name_edit.setPlaceholderText(_("Name, e.g. Foundation anniversary"))
        self.closures_title.setText(_("Closure days"))
        self.holidays_title.setText(_("Public holidays"))
        self.add_button.setText(_("Add closure day"))
        self.remove_button.setText(_("Remove"))
        for model in (self.model, self.holidays_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(max(0, self.model.rowCount() - 1), 1))
        self._load_holidays()   # their names come in the interface language


class UserClassesWidget(QWidget):
    """User classes (member company, academic…) and each resource's fee per unit for each class."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.classes_model = UserClassesTableModel(parent=self)
        self.classes_table = QTableView(self)
        self.classes_table.setModel(self.classes_model)
        configure_table_view(self.classes_table, sortable=False)
        self.code_edit = QLineEdit(self)
        self.code_edit.setMaximumWidth(140)
        self.class_name_edit = QLineEdit(self)
        self.add_class_button = push_button(self, self.add_class)
        self.remove_class_button = push_button(self, self.remove_class)

        self.rates_model = ResourceRatesTableModel(parent=self)
        self.rates_table = QTableView(self)
        self.rates_table.setModel(self.rates_model)
        configure_table_view(self.rates_table, sortable=False)
        self.resource_combo = QComboBox(self)
        self.resource_combo.setMinimumWidth(260)
        self.class_combo = QComboBox(self)
        self.fee_spin = QSpinBox(self)
        self.fee_spin.setRange(0, 2_000_000_000)
        self.fee_spin.setSingleStep(10_000)
        self.fee_spin.setGroupSeparatorShown(True)
        self.set_rate_button = push_button(self, self.set_rate)
        self.remove_rate_button = push_button(self, self.remove_rate)

        self.classes_box = QGroupBox(self)
        cl = QVBoxLayout(self.classes_box)
        row = hbox(self.code_edit, (self.class_name_edit, 1), self.add_class_button, self.remove_class_button)
        cl.addLayout(row)
        cl.addWidget(self.classes_table)
        self.rates_box = QGroupBox(self)
        rl = QVBoxLayout(self.rates_box)
        row2 = hbox((self.resource_combo, 2), (self.class_combo, 1), self.fee_spin, self.set_rate_button,
                    self.remove_rate_button)
        rl.addLayout(row2)
        rl.addWidget(self.rates_table)
        vbox(self, (self.classes_box, 1), (self.rates_box, 2))
        self.loaded = False     # read when the tab is first shown (SettingsView)
        context.bus.data_changed.connect(self._on_data_changed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.loaded:
            self.load()

    def _on_data_changed(self, kind: str) -> None:
        """A resource added in Facilities (or a class, a fee, an organization's class changed
        elsewhere) shows here at once: its fee is set in this tab right after."""
        if self.loaded and kind in (Change.ANY, Change.FACILITY, Change.RESOURCE, Change.RESOURCE_RATE,
                                    Change.USER_CLASS, Change.ORGANIZATION):
            self.load()

    def load(self) -> None:
        self.loaded = True
        db = self.context.db
        classes = queries.user_classes(db)
        self.classes_model.set_rows(classes)
        self.class_combo.clear()
        for c in classes:
            self.class_combo.addItem(c["name"], c["id"])
        self.resource_combo.clear()
        for rid, name in queries.resources(db):
            self.resource_combo.addItem(name, rid)
        self.rates_model.set_rows(queries.resource_rates(db))
        self.classes_table.resizeColumnsToContents()
        # fixed widths: measuring thousands of rates would take seconds
        for column, width in enumerate((240, 260, 110, 220)):
            self.rates_table.setColumnWidth(column, width)

    def add_class(self) -> bool:
        from hubdesk.domain.user_classes import create_user_class

        if not write_op(self.context, self, lambda s: create_user_class(s, self.code_edit.text(),
                                                                        self.class_name_edit.text()).id,
                        changes=Change.USER_CLASS).ok:
            return False
        self.code_edit.clear()
        self.class_name_edit.clear()
        self.load()
        return True

    def remove_class(self) -> None:
        row = current_row(self.classes_table, self.classes_model)
        if row is None:
            return
        if dialog.ask_confirmation(self, _("Remove the user class {name}?").format(name=row["name"])):
            from hubdesk.domain.user_classes import remove_user_class

            if write_op(self.context, self, remove_user_class, row["id"], changes=Change.USER_CLASS).ok:
                self.load()

    def set_rate(self) -> bool:
        from hubdesk.domain.fees import set_rate

        if not write_op(self.context, self, lambda s: set_rate(s, self.resource_combo.currentData(),
                                                               self.class_combo.currentData(),
                                                               self.fee_spin.value()).id,
                        changes=Change.RESOURCE_RATE).ok:
            return False
        self.load()
        return True

    def remove_rate(self) -> None:
        row = current_row(self.rates_table, self.rates_model)
        if row is None:
            return
        if dialog.ask_confirmation(self, _("Remove the fee of {resource} for {user_class}?")
                                   .format(resource=row["resource"], user_class=row["user_class"])):
            from hubdesk.domain.fees import remove_rate

            if write_op(self.context, self, remove_rate, row["id"], changes=Change.RESOURCE_RATE).ok:
                self.load()

    def retranslate_ui(self) -> None:
        from PySide6.QtCore import QLocale

        from hubdesk.formatting import krw_affixes

        prefix, suffix = krw_affixes()  # ko "10,000원", en "₩10,000", vi "10.000 ₩", as every amount
        self.fee_spin.setPrefix(prefix)
        self.fee_spin.setSuffix(suffix)
        self.fee_spin.setLocale(QLocale())  # digit groups of the language (Qt's default locale follows it)
        self.classes_box.setTitle(_("User classes"))
        self.rates_box.setTitle(_("Fees per booking unit"))
        self.code_edit.setPlaceholderText(_("Code"))
        self.class_name_edit.setPlaceholderText(_("Name, e.g. Member company"))
        self.add_class_button.setText(_("Add user class"))
        self.remove_class_button.setText(_("Remove"))
        self.set_rate_button.setText(_("Set fee"))
        self.remove_rate_button.setText(_("Remove"))
        for model in (self.classes_model, self.rates_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            if model.rowCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))


class SettingsView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.title = page_title(self)
        self.tabs = QTabWidget(self)
        self.foundation = FoundationWidget(context, self)
        from hubdesk.ui.settings.alerts import CertificationAlertWidget

        self.alerts = CertificationAlertWidget(context, self.foundation)
        self.foundation.layout().insertWidget(2, self.alerts)
        from hubdesk.ui.settings.documents import DocumentLimitRow

        self.document_limit = DocumentLimitRow(context, self.alerts)
        self.document_limit.add_to(self.alerts)
        self.closures = ClosureDaysWidget(context, self)
        self.classes = UserClassesWidget(context, self)
        from hubdesk.ui.settings.invoicing import InvoicingPolicyWidget

        self.invoicing = InvoicingPolicyWidget(context, self)
        self.tabs.addTab(self.foundation, "")
        self.tabs.addTab(self.closures, "")
        self.tabs.addTab(self.classes, "")
        self.tabs.addTab(self.invoicing, "")
        vbox(self, self.title, (self.tabs, 1), margins=PAGE_MARGINS)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Settings"))
        for i, text in enumerate([_("Foundation and language"), _("Closure days"), _("User classes and fees"),
                                  _("Invoicing")]):
            self.tabs.setTabText(i, text)
        self.foundation.retranslate_ui()
        self.closures.retranslate_ui()
        self.classes.retranslate_ui()
        self.invoicing.retranslate_ui()

    def save(self) -> None:
        self.foundation.save()

    def refresh(self) -> None:
        """Read again what has been read; a tab not shown yet reads when it is."""
        self.foundation.load()
        self.alerts.load()
        self.document_limit.load()
        for tab in (self.closures, self.classes, self.invoicing):
            if tab.loaded:
                tab.load()


__all__ = ["SettingsView", "label"]
