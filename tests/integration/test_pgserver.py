"""tests/pgserver.py: the throw-away PostgreSQL the test session starts when none is given."""

from __future__ import annotations

import os
import pwd

import psycopg
import pytest

from tests import pgserver
from tests.conftest import NO_PG


def test_no_binaries_means_no_server(tmp_path):
    (tmp_path / "15" / "bin").mkdir(parents=True)  # a folder without initdb, pg_ctl, postgres
    assert pgserver.find_bindir(lib_glob=str(tmp_path / "*" / "bin"), path=str(tmp_path), pg_config=None) is None


def test_the_binaries_are_found_through_initdb_on_the_path(tmp_path):
    bindir = pgserver.find_bindir()
    if bindir is None:
        pytest.skip(f"{NO_PG} (install postgresql or set HUBDESK_TEST_PG_URL)")
    link = tmp_path / "path"
    link.mkdir()
    (link / "initdb").symlink_to(bindir / "initdb")
    found = pgserver.find_bindir(lib_glob=str(tmp_path / "none" / "*"), path=str(link), pg_config=None)
    assert found == (bindir / "initdb").resolve().parent


def test_a_throw_away_server_runs_on_localhost_and_is_removed_when_stopped():
    bindir = pgserver.find_bindir()
    if bindir is None:
        pytest.skip(f"{NO_PG} (install postgresql or set HUBDESK_TEST_PG_URL)")
    server = pgserver.PgServer(bindir)
    url = server.start()
    folder = server.folder
    try:
        assert url == f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/postgres"
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
            assert server.data.stat().st_uid == pwd.getpwnam("postgres").pw_uid
        with psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres") as conn:
            settings = dict(conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'max_connections', 'listen_addresses', 'unix_socket_directories')").fetchall())
        assert settings == {"fsync": "off", "max_connections": "200", "listen_addresses": "127.0.0.1",
                            "unix_socket_directories": str(server.data)}
        assert (server.data / f".s.PGSQL.{server.port}").exists()
    finally:
        server.stop()
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", connect_timeout=5)
    server.stop()  # a second stop does nothing
