"""The benchmarks' cached demo databases are reused while their schema is the current one
(benchmarks/datasets.py): the same schema written by two processes compares equal, whatever order
SQLAlchemy wrote a table's constraints in."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _schema_of():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import datasets
    finally:
        sys.path.remove(str(BENCHMARKS))
    return datasets.schema_of


def _make(path: Path, constraints: list[str], revision: str = "0015") -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tn INTEGER, \n\t" + ", \n\t".join(constraints) + "\n)")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    conn.commit()
    conn.close()
    return path


def test_the_same_schema_with_constraints_in_another_order_is_the_same(tmp_path):
    schema_of = _schema_of()
    first = ["CONSTRAINT pk_t PRIMARY KEY (id)", "CONSTRAINT ck_t_n CHECK (n >= 0)", "CONSTRAINT uq_t_n UNIQUE (n)"]
    a = _make(tmp_path / "a.db", first)
    b = _make(tmp_path / "b.db", [first[2], first[0], first[1]])
    assert schema_of(a) == schema_of(b)
    c = _make(tmp_path / "c.db", first[:2])                     # a constraint less is another schema
    assert schema_of(a) != schema_of(c)
    d = _make(tmp_path / "d.db", first, revision="0016")        # and so is another revision
    assert schema_of(a) != schema_of(d)
