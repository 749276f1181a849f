"""benchmarks/load_test.py, the many-desktops load test, in small: three client processes for a few
seconds against the tests' PostgreSQL server on the small demo data. It runs the real mix and
checks the server afterwards (no double booking, no lost update, no error a person would see)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_three_desktops_for_a_few_seconds_pass_the_checks(tmp_path, pg_url):
    admin = pg_url           # a database of the tests' server: the load test makes its own beside it
    out = tmp_path / "load.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_test.py"), "--db-url", admin,
                          "--size", "small", "--clients", "3", "--seconds", "6", "--pause", "0.2", "0.5",
                          "--json", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    summary = json.loads(out.read_text())
    assert summary["verdict"] == {"double_bookings": 0, "lost_updates": 0, "errors": 0, "failed_clients": [],
                                  "passed": True}
    done = sum(row["count"] for row in summary["actions"].values())
    assert done >= 3 * 3                     # every desktop did several actions
    assert "PASSED" in run.stdout and "| action | count | p50 |" in run.stdout
    # the lost-update check is not blind: a token no save left in the notes is reported
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import load_test
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    org = summary["hot_orgs"][0]
    made_up = [{"saved_notes": [{"org": org, "token": "[never-saved]"}]}]
    assert load_test.lost_updates(summary["database"], made_up, {"hot_orgs": summary["hot_orgs"]}) == ["[never-saved]"]
