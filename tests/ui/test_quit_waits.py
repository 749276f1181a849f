"""Quitting never waits more than a second for background reading: its running SQL is interrupted
(worker.stop_workers, hubdesk.db.interrupt); work that writes is waited for and ends whole."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

LONG = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) "
              "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(120)",
}


def test_quitting_interrupts_a_long_background_read_within_a_second(qtbot, any_db):
    from hubdesk.ui.common.worker import Worker, stop_workers

    started = threading.Event()

    def read(_progress, _cancelled):
        with any_db.read() as session:
            started.set()
            return session.execute(text(LONG[any_db.engine.dialect.name])).all()

    worker = Worker(read, interruptible=True)
    outcome = []
    worker.signals.cancelled.connect(lambda: outcome.append("cancelled"))
    worker.signals.failed.connect(lambda exc: outcome.append(exc))
    worker.signals.finished.connect(lambda result: outcome.append(result))
    worker.start()
    assert started.wait(10)
    time.sleep(0.3)                      # the statement is running
    asked = time.monotonic()
    assert stop_workers(1000) is True
    waited = time.monotonic() - asked
    assert waited < 1.0
    qtbot.waitUntil(lambda: outcome != [], timeout=5000)
    assert outcome == ["cancelled"]      # no error box for a read nobody waits for any more
    with any_db.read() as session:       # the database is fine afterwards
        assert session.execute(text("SELECT 2 * 21")).scalar() == 42


def test_quitting_waits_for_work_that_writes_and_it_ends_whole(qtbot, db):
    from hubdesk.db.enums import OrgKind
    from hubdesk.domain.organizations import OrganizationInput, create_organization
    from hubdesk.ui.common.worker import Worker, stop_workers

    started = threading.Event()

    def write(_progress, _cancelled):
        with db.write() as session:
            started.set()
            time.sleep(0.4)              # a write that takes a while, e.g. an import committing
            create_organization(session, OrganizationInput(name="Written whole", kind=OrgKind.COMPANY))
        return "written"

    worker = Worker(write)               # writes: not interruptible
    outcome = []
    worker.signals.finished.connect(outcome.append)
    worker.signals.cancelled.connect(lambda: outcome.append("cancelled"))
    worker.start()
    assert started.wait(10)
    assert stop_workers(1000) is True    # waits for it, however long it takes
    qtbot.waitUntil(lambda: outcome != [], timeout=5000)
    assert outcome == ["written"]
    from hubdesk.db.schema import Organization
    from sqlalchemy import select

    with db.read() as session:
        assert session.scalar(select(Organization.name).where(Organization.name == "Written whole")) == "Written whole"
