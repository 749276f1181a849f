"""benchmarks/run.py on PostgreSQL, in small: the lists and the rule check on a throw-away server of
its own holding the small demo data, behind the latency proxy. Every figure comes with its floor
measured on the same server (plain psycopg, through the same proxy) and the statements its timed
part sent. No timing is asserted beyond the delay the proxy adds by construction."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# the figures that measure something without the database: Qt painting alone, the floor query alone,
# the garbage collection the lists probe runs before a figure
WITHOUT_STATEMENTS = ("(Qt alone", "(psycopg alone", "(a full garbage collection")


def test_lists_and_rule_check_on_postgresql_carry_floor_and_statements(tmp_path):
    out = tmp_path / "run.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "small",
                          "--db-url", "throwaway", "--added-latency-ms", "2", "--runs", "1", "--checks", "30",
                          "--only", "lists", "rules", "--json", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["failed"] == {}
    assert result["where"] == "PostgreSQL, small, +2 ms"
    # the proxy sat in front of the floors too: one round trip costs at least the delay it adds
    assert result["round_trip_ms"] >= 1.5
    figures = {f["name"]: f for f in result["figures"]}
    names = list(figures)
    assert any(n.startswith("Organizations view opened") for n in names)
    assert any(n.startswith("Bookings view opened") for n in names)
    assert any(n.startswith("Organizations search keystroke") for n in names)
    assert any(n.startswith("booking rule check") for n in names)
    for name, figure in figures.items():
        assert figure["value"] > 0, name
        assert figure["floor"] is not None and figure["floor"] > 0, name
        assert "sqlite3" not in figure["floor_name"], name      # measured on the server, not a file
        if name.startswith(WITHOUT_STATEMENTS):
            continue
        assert isinstance(figure["statements"], int), name
    # what the app sends to show a list or check a booking is counted, not left at zero
    for prefix in ("Organizations view opened", "Organizations model, first page painted",
                   "Bookings model, first 200 rows fetched", "Organizations search keystroke",
                   "booking rule check"):
        figure = next(f for n, f in figures.items() if n.startswith(prefix))
        assert figure["statements"] >= 1, prefix
    rule = next(f for n, f in figures.items() if n.startswith("booking rule check"))
    assert rule["floor_name"] == "psycopg EXISTS" and rule["floor"] >= 1.5   # one round trip through the proxy
    assert "| measurement | median | floor |" in run.stdout
