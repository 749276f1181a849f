"""The floors' own connection to the benchmark database, without hubdesk: `sqlite3` on a SQLite
file, plain psycopg on a PostgreSQL URL (through the latency proxy when run.py put one in front of
the server, like the app's connections). The floor queries are written once, with `?` and `:name`
parameters as sqlite3 takes them; `connect()` turns them into psycopg's `%s` / `%(name)s`.

    conn = floor_db.connect(target)        # a file path or a postgresql URL
    conn.execute(sql, params).fetchall()
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def is_url(target: str) -> bool:
    return "://" in str(target)


def sql_time(value: dt.datetime, target: str):
    """A UTC instant as the database compares it: SQLite's stored text, or the value itself."""
    utc = value.astimezone(dt.timezone.utc)
    return utc if is_url(target) else utc.strftime("%Y-%m-%d %H:%M:%S.%f")


class _Pg:
    """A psycopg connection (autocommit: each query on its own, as one round trip) that takes the
    sqlite3 parameter style."""

    def __init__(self, url: str):
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(url)
        self.conn = psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username,
                                    password=u.password or None, dbname=u.database, autocommit=True)

    def execute(self, sql: str, params=()):
        if isinstance(params, dict):
            sql = _NAMED.sub(r"%(\1)s", sql)
        else:
            sql = sql.replace("?", "%s")
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()


def connect(target: str):
    """A new connection to `target`: sqlite3 read-only on a file, psycopg on a URL."""
    if is_url(target):
        return _Pg(str(target))
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True)
