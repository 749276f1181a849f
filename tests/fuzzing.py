"""Helpers shared by the hypothesis fuzz tests: how many examples to run, and the summary line each
fuzz module prints at its end (the number of fuzzed inputs it ran)."""
from __future__ import annotations

import os


def examples(n: int) -> int:
    """`n` examples, times HUBDESK_FUZZ_SCALE for a deeper run (e.g. HUBDESK_FUZZ_SCALE=20 overnight)."""
    return max(1, round(n * float(os.environ.get("HUBDESK_FUZZ_SCALE", "1"))))


def report_line(request, line: str) -> None:
    """Write `line` to the terminal, shown even when the tests pass (output capture is lifted for it).
    Call it after the `yield` of a module-scoped fixture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(line)
    else:  # pragma: no cover
        print(line)
