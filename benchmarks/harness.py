"""What every benchmark script shares: timing, medians, the machine's load, and running a probe in a
child process that answers with one JSON line.

A probe is a script in this folder that measures one thing and prints, as its LAST line of stdout,
`PROBE_RESULT {json}`. Running probes in separate processes keeps what one measurement imports
or caches (Qt, ReportLab, SQLite's page cache of one connection) out of the next one, and lets the
start-up and memory figures include the whole process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
RESULT_PREFIX = "PROBE_RESULT "


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def time_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def time_cpu_ms(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and process CPU milliseconds (all threads: a background id query counts)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, value


def emit(result: dict) -> None:
    """What a probe prints last: its measurements as one JSON line."""
    print(RESULT_PREFIX + json.dumps(result, default=str), flush=True)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: offscreen Qt, the source tree importable, English, and a home
    folder of its own so that no saved window state or area changes what it shows."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env["HUBDESK_LANG"] = "en"
    env.pop("HUBDESK_QUIT_AFTER_MS", None)
    env.pop("HUBDESK_DB", None)
    env.update(extra or {})
    return env


@contextmanager
def private_home() -> Iterator[dict[str, str]]:
    """HOME and XDG folders in a temporary directory (QSettings writes there)."""
    with tempfile.TemporaryDirectory(prefix="hubdesk-bench-home-") as home:
        yield {"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config", "XDG_DATA_HOME": f"{home}/.local/share",
               "XDG_CACHE_HOME": f"{home}/.cache"}


def run_probe(script: str, *args: str, env: dict[str, str] | None = None, timeout: float = 900) -> dict:
    """Run `benchmarks/<script>` in a new Python process and return its PROBE_RESULT."""
    cmd = [PYTHON, str(HERE / script), *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=child_env(env), timeout=timeout, cwd=ROOT)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(f"{script} {' '.join(map(str, args))} gave no result (exit {proc.returncode}):\n"
                       f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def vm_hwm_kib() -> int:
    """Peak resident set size of this process (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class StatementCount:
    """The SQL statements every SQLAlchemy engine of this process sends (every thread: a worker an
    interaction starts counts too), as interactions.StatementCounter counts them for one engine:
    SQLite's explicit `BEGIN` is a transaction, not a statement, so SQLite and PostgreSQL count
    alike. A probe makes one before the app opens its database and reads `count` around what it
    times: `with counter.span() as span: …; span.count`."""

    def __init__(self):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        import threading

        self.count = 0
        self._lock = threading.Lock()
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not statement.lstrip()[:5].upper().startswith("BEGIN"):
            with self._lock:
                self.count += 1

    @contextmanager
    def span(self) -> Iterator["_Span"]:
        span = _Span(self, self.count)
        try:
            yield span
        finally:
            span.end = self.count


class _Span:
    def __init__(self, counter: StatementCount, start: int):
        self.counter, self.start, self.end = counter, start, None

    @property
    def count(self) -> int:
        return (self.counter.count if self.end is None else self.end) - self.start
