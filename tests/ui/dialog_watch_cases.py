"""Cases for tests/ui/test_dialog_watch.py, run there in a pytest of their own (not collected by
the suite: the first fails on purpose)."""

from hubdesk.errors import DomainError


def test_a_box_nobody_expected(qtbot):
    from hubdesk.ui.common import errors

    errors.show_error(None, DomainError("The booking overlaps another."))


def test_a_box_expected(qtbot, shown_messages):
    from hubdesk.ui.common import errors

    errors.show_error(None, DomainError("The booking overlaps another."))
    assert shown_messages == [("Cannot save", "The booking overlaps another.")]
