"""The exchange window: this installation and the ones it knows, writing and applying change
packages (with a preview of what a package would do first), and the conflicts waiting for a
person, each differing field side by side with the side to keep."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGroupBox, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from hubdesk.field_labels import field_label
from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common.layouts import STRETCH, hbox, muted_label, page_title, push_button
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.exchange import queries

if TYPE_CHECKING:
    from hubdesk.domain.exchange_apply import ApplySummary
    from hubdesk.ui.context import AppContext

KIND_LABELS = {"fields": N_("changed on both PCs"), "removed_here": N_("removed here, changed there"),
               "removed_there": N_("removed there, changed here"), "booking": N_("bookings collide"),
               "locked": N_("inside an issued quarter"), "duplicate": N_("same key as another record"),
               "missing": N_("refers to a missing record")}
PACKAGE_FILTER = N_("Change packages (*.hdx)")


def choose_package_to_open(parent: QWidget) -> str:
    from hubdesk.ui.common.file_dialogs import get_open_file_name

    return get_open_file_name(parent, _("Apply a change package"), "", _(PACKAGE_FILTER))[0]


def choose_package_to_write(parent: QWidget, name: str) -> str:
    from hubdesk.ui.common.file_dialogs import get_save_file_name

    return get_save_file_name(parent, _("Write a change package"), name, _(PACKAGE_FILTER))[0]


def _show(value: Any) -> str:
    return "—" if value is None else str(value)


def summary_lines(summary: "ApplySummary") -> list[str]:
    """The preview's (and the result's) lines: per kind new, changed, removed; then the conflicts."""
    from hubdesk.domain.versions import record_name

    lines = []
    for kind in sorted(set(summary.new) | set(summary.changed) | set(summary.removed)):
        lines.append(_("{kind}: {new} new, {changed} changed, {removed} removed").format(
            kind=record_name(kind), new=summary.new[kind], changed=summary.changed[kind],
            removed=summary.removed[kind]))
    if not lines:
        lines.append(_("nothing new"))
    if summary.conflicts:
        lines.append("")
        lines.append(ngettext("{count} conflict needs a decision:", "{count} conflicts need a decision:",
                              len(summary.conflicts)).format(count=len(summary.conflicts)))
        for c in summary.conflicts:
            lines.append(f"  – {_(KIND_LABELS.get(c['kind'], c['kind']))}: {record_name(c['table'])} {c.get('label') or c['uid'][:8]}"
                         + (f" — {c['detail']}" if c["detail"] else ""))
    return lines


class PreviewDialog(QDialog):
    """What a package would do here, before anything is written: Apply or Cancel."""

    def __init__(self, summary: "ApplySummary", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exchange_preview")
        self.summary = summary
        self.title = page_title(self)
        self.note = muted_label(self, wrap=True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(summary_lines(summary)))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        parent=self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.note, self.text, self.buttons):
            layout.addWidget(widget)
        self.resize(640, 420)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        sender = self.summary.sender_name or self.summary.sender[:8]
        self.setWindowTitle(_("Apply a change package"))
        self.title.setText(_("Package from {sender}").format(sender=sender))
        self.note.setText(_("This is what the package would change here. Nothing is written until you choose "
                            "Apply; then all of it is written, or nothing."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Apply"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))


def ask_to_apply(summary: "ApplySummary", parent: QWidget) -> bool:
    return PreviewDialog(summary, parent).exec() == QDialog.DialogCode.Accepted


class ExchangeDialog(QDialog):
    def __init__(self, context: "AppContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exchange_dialog")
        self.context = context
        self.title = page_title(self)
        self.me = muted_label(self, wrap=True)
        self.peers = QTableWidget(0, 4, self)
        self.peers.verticalHeader().hide()
        self.peers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.peers.horizontalHeader().setStretchLastSection(True)
        self.target = QComboBox(self)
        self.write_button = push_button(self, self.write_package)
        self.apply_button = push_button(self, self.apply_package)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.conflict_box = QGroupBox(self)
        self.conflict_list = QListWidget(self.conflict_box)
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        self.detail = QLabel(self.conflict_box)
        self.detail.setWordWrap(True)
        self.fields = QTableWidget(0, 4, self.conflict_box)
        self.fields.verticalHeader().hide()
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.take = QComboBox(self.conflict_box)
        self.resolve_button = push_button(self.conflict_box, self.resolve)
        box = QVBoxLayout(self.conflict_box)
        for widget in (self.conflict_list, self.detail, self.fields):
            box.addWidget(widget)
        box.addLayout(hbox(self.take, STRETCH, self.resolve_button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.me)
        layout.addWidget(self.peers)
        layout.addLayout(hbox(self.target, self.write_button, STRETCH, self.apply_button))
        layout.addWidget(self.problem)
        layout.addWidget(self.conflict_box, 1)
        self._conflicts: list = []
        self.resize(980, 700)
        self.retranslate_ui()
        self.reload()
        context.bus.language_changed.connect(self.retranslate_ui)

    # --- reading
    def reload(self) -> None:
        db = self.context.db
        if db is None:
            return
        rows = queries.installations(db)
        me = next((r for r in rows if r["is_self"]), None)
        others = [r for r in rows if not r["is_self"]]
        self._me = me
        self.peers.setRowCount(len(others))
        from hubdesk.ui.common.display import format_datetime as format_instant

        for i, row in enumerate(others):
            values = [row["name"] or row["uid"][:8],
                      format_instant(row["last_sent_at"]) if row["last_sent_at"] else _("never"),
                      format_instant(row["last_received_at"]) if row["last_received_at"] else _("never"),
                      str(row["not_received"])]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row["uid"])
                self.peers.setItem(i, col, item)
        self.target.clear()
        self.target.addItem(_("Everything (a new PC joins)"), None)
        for row in others:
            self.target.addItem(_("For {name}").format(name=row["name"] or row["uid"][:8]), row["uid"])
        self._conflicts = queries.conflicts(db)
        self.conflict_list.clear()
        from hubdesk.domain.versions import record_name

        for c in self._conflicts:
            QListWidgetItem(_("#{id} {what}: {kind} {uid}, from {sender}").format(
                id=c.id, what=_(KIND_LABELS.get(c.kind, c.kind)), kind=record_name(c.table), uid=c.label or c.uid[:8],
                sender=c.sender), self.conflict_list)
        self.conflict_list.setCurrentRow(0 if self._conflicts else -1)
        self._show_conflict(self.conflict_list.currentRow())
        self._say_me()

    def _say_me(self) -> None:
        me = getattr(self, "_me", None)
        if me is None:
            self.me.setText(_("This PC has not exchanged yet. Write a package for everything to set up another PC, "
                              "or apply one made on another PC."))
        else:
            self.me.setText(_("This PC: {name}").format(name=me["name"] or me["uid"][:8]))

    def _show_conflict(self, row: int) -> None:
        conflict = self._conflicts[row] if 0 <= row < len(self._conflicts) else None
        self.fields.setRowCount(0)
        self.resolve_button.setEnabled(conflict is not None)
        self.take.setEnabled(conflict is not None)
        if conflict is None:
            self.detail.setText(_("No conflicts are waiting.") if not self._conflicts else "")
            return
        if conflict.kind == "fields" and conflict.fields:     # the stored detail lists the columns
            self.detail.setText(_("Changed on both PCs: {fields}").format(
                fields=", ".join(field_label(name) for name, _m, _t in conflict.fields)))
        else:
            self.detail.setText(conflict.detail or "")
        self.fields.setRowCount(len(conflict.fields))
        for i, (name, mine, theirs) in enumerate(conflict.fields):
            shown = QTableWidgetItem(field_label(name))     # the name the forms use; the stored one kept
            shown.setData(Qt.ItemDataRole.UserRole, name)
            shown.setToolTip(name)
            self.fields.setItem(i, 0, shown)
            self.fields.setItem(i, 1, QTableWidgetItem(_show(mine)))
            self.fields.setItem(i, 2, QTableWidgetItem(_show(theirs)))
            choice = QComboBox(self.fields)
            choice.addItem(_("this PC"), "mine")
            choice.addItem(_("the other PC"), "theirs")
            self.fields.setCellWidget(i, 3, choice)

    # --- writing
    def write_package(self) -> None:
        from hubdesk.domain.exchange_apply import collect
        from hubdesk.interchange.exchange_package import write_package

        target = self.target.currentData()
        name = "hubdesk-all.hdx" if target is None else "hubdesk-changes.hdx"
        path = choose_package_to_write(self, name)
        if not path:
            return

        def write(session):
            header, records = collect(session, for_installation=target, full=target is None)
            write_package(Path(path), header, records, session)
            return len(records)

        result = write_op(self.context, self, write, changes=(), problem=self.problem, background=True,
                          title=_("Writing a change package"),
                          done=lambda n: ngettext("Wrote {path}: {count} change.", "Wrote {path}: {count} changes.",
                                                  n).format(path=path, count=n))
        if result.ok:
            self.reload()

    def apply_package(self) -> None:
        from hubdesk.domain.exchange_apply import apply_package, preview_package
        from hubdesk.errors import HubdeskError
        from hubdesk.interchange.exchange_package import package_blobs, read_package
        from hubdesk.ui.common.operations import show_refusal

        path = choose_package_to_open(self)
        if not path:
            return
        try:
            header, records = read_package(Path(path))
        except HubdeskError as exc:
            show_refusal(self, exc, self.problem)
            return
        # the documents' pieces are read from the file again by each attempt (a write run again after a
        # deadlock reads them afresh)
        preview = write_op(self.context, self,
                           lambda s: preview_package(s, header, records, package_blobs(Path(path), header)),
                           changes=(), problem=self.problem,
                           background=True, title=_("Reading a change package"))
        if not preview.ok or not ask_to_apply(preview.value, self):
            return
        write_op(self.context, self, lambda s: apply_package(s, header, records, package_blobs(Path(path), header)),
                 changes=Change.ANY, problem=self.problem,
                 background=True, title=_("Applying a change package"),
                 done=lambda s: _("Applied the package from {sender}:").format(sender=s.sender_name or s.sender[:8])
                 + " " + "; ".join(summary_lines(s)[:3]))
        self.reload()

    def resolve(self) -> None:
        from hubdesk.domain.exchange_conflicts import resolve

        row = self.conflict_list.currentRow()
        if not 0 <= row < len(self._conflicts):
            return
        conflict = self._conflicts[row]
        take = self.take.currentData()
        fields = {}
        for i in range(self.fields.rowCount()):
            choice = self.fields.cellWidget(i, 3)
            if isinstance(choice, QComboBox) and choice.currentData() != take:
                fields[self.fields.item(i, 0).data(Qt.ItemDataRole.UserRole)] = choice.currentData()
        result = write_op(self.context, self, resolve, conflict.id, take, fields, changes=Change.ANY,
                          problem=self.problem, done=_("The conflict is resolved; the decision travels with the next "
                                                       "package."))
        if result.ok:
            self.reload()

    def retranslate_ui(self, *_args: Any) -> None:
        self.setWindowTitle(_("Exchange with other PCs"))
        self.title.setText(_("Exchange with other PCs"))
        self.peers.setHorizontalHeaderLabels([_("Installation"), _("Last sent"), _("Last received"),
                                              _("Changes not received yet")])
        self.write_button.setText(_("Write package…"))
        self.apply_button.setText(_("Apply package…"))
        self.conflict_box.setTitle(_("Conflicts"))
        self.fields.setHorizontalHeaderLabels([_("Field"), _("This PC"), _("Other PC"), _("Keep")])
        current = self.take.currentIndex()
        self.take.clear()
        self.take.addItem(_("Keep this PC's record"), "mine")
        self.take.addItem(_("Keep the other PC's record"), "theirs")
        self.take.setCurrentIndex(max(current, 0))
        self.resolve_button.setText(_("Resolve"))
        self._say_me()
