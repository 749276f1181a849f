"""The one write path (hubdesk/ui/common/operations.py): a refusal shows its sentence under the form
and in the box and writes nothing; a success commits, announces every Change and says so in the
status bar; the same in the background; a bug is shown as the "Unexpected problem" sentence.

Real database file, real dialog and label, the real message-box function replaced by a recorder
(`shown_messages`, tests/ui/conftest.py)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from hubdesk.domain import clock


@pytest.fixture
def form(qtbot):
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    from hubdesk.ui.common.forms import problem_label

    dialog = QDialog()
    qtbot.addWidget(dialog)
    problem = problem_label(dialog)
    QVBoxLayout(dialog).addWidget(problem)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, problem


@pytest.fixture
def heard(context):
    """Every change announced on the bus and every status-bar sentence, in order."""
    record: dict[str, list[str]] = {"changes": [], "status": []}
    context.bus.data_changed.connect(record["changes"].append)
    context.bus.status_message.connect(record["status"].append)
    return record


def _org_id(db, name: str) -> int:
    from sqlalchemy import select

    from hubdesk.db.schema import Organization

    with db.read() as s:
        return s.scalar(select(Organization.id).where(Organization.name == name))


def _count(db, model) -> int:
    from sqlalchemy import func, select

    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _requested_booking_id(db) -> int:
    from sqlalchemy import select

    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking

    with db.read() as s:
        return s.scalar(select(Booking.id).where(Booking.status == BookingStatus.REQUESTED))


def test_a_refusal_shows_its_sentence_under_the_form_and_in_the_box_and_writes_nothing(
        context, form, heard, shown_messages):
    from hubdesk.db.enums import BookingStatus, InteractionKind
    from hubdesk.db.schema import Interaction
    from hubdesk.domain.bookings import change_status
    from hubdesk.domain.organizations import record_interaction
    from hubdesk.errors import DomainError
    from hubdesk.ui.common.operations import Change, write_op

    dialog, problem = form
    org_id = _org_id(context.db, "Cellgen Therapeutics")
    booking_id = _requested_booking_id(context.db)
    interactions = _count(context.db, Interaction)

    def meeting_then_complete(session):
        # a real write first, then a rule that refuses: the whole transaction must be rolled back
        record_interaction(session, org_id, InteractionKind.MEETING, clock.today(), summary="Kick-off")
        return change_status(session, booking_id, BookingStatus.COMPLETED)

    result = write_op(context, dialog, meeting_then_complete, changes=[Change.INTERACTION, Change.BOOKING],
                      problem=problem, done="should not be said")

    assert not result.ok and isinstance(result.error, DomainError)
    sentence = result.error.message
    assert sentence.startswith("A booking that is ")                   # the domain's own sentence
    assert problem.isVisible() and problem.text() == sentence
    assert shown_messages == [("Cannot save", sentence)]
    assert _count(context.db, Interaction) == interactions              # the meeting was rolled back
    from hubdesk.db.schema import Booking

    with context.db.read() as s:
        assert s.get(Booking, booking_id).status is BookingStatus.REQUESTED
    assert heard == {"changes": [], "status": []}


def test_success_commits_announces_every_change_and_says_so(context, form, heard, shown_messages):
    from hubdesk.db.enums import InteractionKind, SupportType
    from hubdesk.db.schema import Interaction
    from hubdesk.domain.organizations import record_interaction
    from hubdesk.ui.common.operations import Change, write_op

    dialog, problem = form
    problem.setText("an earlier refusal")
    problem.show()
    org_id = _org_id(context.db, "Cellgen Therapeutics")

    result = write_op(context, dialog, record_interaction, org_id, InteractionKind.SUPPORT, clock.today(),
                      support_type=SupportType.CONSULTING, summary="GMP consulting",
                      changes=(Change.INTERACTION, Change.ORGANIZATION), problem=problem,
                      done=lambda interaction: f"Interaction {interaction.id} saved")

    assert result.ok and result.error is None
    with context.db.read() as s:
        stored = s.get(Interaction, result.value.id)
        assert (stored.organization_id, stored.summary) == (org_id, "GMP consulting")
    assert heard["changes"] == [Change.INTERACTION, Change.ORGANIZATION]
    assert heard["status"] == [f"Interaction {result.value.id} saved"]
    assert problem.isHidden()                     # the earlier sentence is gone
    assert shown_messages == []


def test_one_change_and_a_fixed_sentence(context, heard):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking
    from hubdesk.domain.bookings import change_status
    from hubdesk.ui.common.operations import Change, write_op

    booking_id = _requested_booking_id(context.db)
    result = write_op(context, None, change_status, booking_id, BookingStatus.CANCELLED, note="Changed plans",
                      changes=Change.BOOKING, done="Cancelled.")
    assert result.ok and result.value.id == booking_id
    with context.db.read() as s:
        assert s.get(Booking, booking_id).status is BookingStatus.CANCELLED
    assert heard == {"changes": [Change.BOOKING], "status": ["Cancelled."]}


def test_background_runs_off_the_gui_thread_and_then_announces(context, form, heard, shown_messages):
    from hubdesk.db.schema import Contact
    from hubdesk.domain.organizations import ContactInput, add_contact
    from hubdesk.ui.common.operations import Change, write_op

    dialog, problem = form
    org_id = _org_id(context.db, "Cellgen Therapeutics")
    threads: list[threading.Thread] = []

    def add_two(session):
        threads.append(threading.current_thread())
        first = add_contact(session, org_id, ContactInput(name="Park Jiwoo"))
        second = add_contact(session, org_id, ContactInput(name="Lee Hana"), primary=True)
        return [first.id, second.id]

    before = _count(context.db, Contact)
    result = write_op(context, dialog, add_two, changes=Change.CONTACT, problem=problem, background=True,
                      title="Adding contacts", done=lambda ids: f"{len(ids)} contacts added")

    assert result.ok and len(result.value) == 2
    assert threads and threads[0] is not threading.main_thread()
    assert _count(context.db, Contact) == before + 2
    assert heard == {"changes": [Change.CONTACT], "status": ["2 contacts added"]}
    assert shown_messages == []


def test_a_refusal_in_the_background_is_shown_the_same_way(context, form, heard, shown_messages):
    from hubdesk.db.schema import Contact
    from hubdesk.domain.organizations import ContactInput, add_contact
    from hubdesk.ui.common.operations import Change, write_op

    dialog, problem = form
    org_id = _org_id(context.db, "Cellgen Therapeutics")
    before = _count(context.db, Contact)

    def add_good_then_nameless(session):
        add_contact(session, org_id, ContactInput(name="Park Jiwoo"))
        add_contact(session, org_id, ContactInput(name="  "))

    result = write_op(context, dialog, add_good_then_nameless, changes=Change.CONTACT, problem=problem,
                      background=True)

    assert not result.ok
    assert problem.text() == "The contact needs a name. Enter it." and problem.isVisible()
    assert shown_messages == [("Cannot save", "The contact needs a name. Enter it.")]
    assert _count(context.db, Contact) == before
    assert heard == {"changes": [], "status": []}


def test_an_unexpected_exception_is_shown_as_the_unexpected_problem_sentence(context, form, heard, shown_messages,
                                                                           caplog):
    from hubdesk.db.schema import Contact
    from hubdesk.domain.organizations import ContactInput, add_contact
    from hubdesk.ui.common.operations import Change, write_op

    dialog, problem = form
    org_id = _org_id(context.db, "Cellgen Therapeutics")
    before = _count(context.db, Contact)

    def buggy(session):
        add_contact(session, org_id, ContactInput(name="Park Jiwoo"))
        return {}["missing"]

    with caplog.at_level("ERROR"):
        result = write_op(context, dialog, buggy, changes=Change.CONTACT, problem=problem)

    assert not result.ok and isinstance(result.error, KeyError)
    assert len(shown_messages) == 1
    title, text = shown_messages[0]
    assert title == "Unexpected problem"
    assert text.startswith("Something went wrong that hubdesk did not expect (KeyError).")
    assert problem.isHidden()                     # a bug has no sentence of its own to put under the form
    assert "Traceback" in caplog.text and "missing" in caplog.text
    assert _count(context.db, Contact) == before
    assert heard == {"changes": [], "status": []}


def test_a_database_refusal_also_stands_under_the_form(context, form, shown_messages):
    from hubdesk.errors import DatabaseProblem
    from hubdesk.ui.common.operations import write_op

    dialog, problem = form
    sentence = "The database test.db is locked by another program. Wait until it finishes or close it, then try again."

    def locked(session):
        raise DatabaseProblem(sentence)

    assert not write_op(context, dialog, locked, problem=problem).ok
    assert problem.text() == sentence and problem.isVisible()
    assert shown_messages == [("Database problem", sentence)]


def test_run_write_commits_or_raises_with_nothing_written(context):
    from hubdesk.db.schema import Contact
    from hubdesk.domain.organizations import ContactInput, add_contact
    from hubdesk.errors import DomainError
    from hubdesk.ui.common.operations import run_write

    org_id = _org_id(context.db, "Cellgen Therapeutics")
    before = _count(context.db, Contact)
    contact = run_write(context.db, add_contact, org_id, ContactInput(name="Park Jiwoo"))
    assert contact.name == "Park Jiwoo" and _count(context.db, Contact) == before + 1

    def good_then_nameless(session):
        add_contact(session, org_id, ContactInput(name="Lee Hana"))
        add_contact(session, org_id, ContactInput(name=""))

    with pytest.raises(DomainError, match="needs a name"):
        run_write(context.db, good_then_nameless)
    assert _count(context.db, Contact) == before + 1


def test_announce_and_notify_changed_carry_change_members_only(context, heard):
    from hubdesk.ui.common.operations import Change, announce

    announce(context, [Change.ORGANIZATION, Change.CONTACT])
    announce(context, Change.ANY)
    context.notify_changed(Change.SETTINGS)
    assert heard["changes"] == ["organization", "contact", "", "settings"]
    assert heard["changes"][2] == Change.ANY
    with pytest.raises(ValueError):
        context.notify_changed("organisation")      # a misspelt kind is a bug, not a silent no-op
    assert Change.of_table("maintenance_window") is Change.MAINTENANCE_WINDOW
    assert Change.of_table("alembic_version") is Change.ANY
