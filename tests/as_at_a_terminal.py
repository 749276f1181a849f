"""`python tests/as_at_a_terminal.py [--tty] ARGS` runs `python -m hubdesk ARGS` as a person's
terminal starts it, for the tests that press Ctrl+C or type at a prompt:

- Ctrl+C raises KeyboardInterrupt even when the test run itself was started with SIGINT ignored (a
  shell without job control starts its background commands so, and Python then never raises it);
- with `--tty`, standard input (a pseudo-terminal) becomes the controlling terminal of the process's
  session, which the test starts new (`Popen(start_new_session=True)`), so the password prompt
  reads from it as from a person's terminal.

Done here, in the new program, and not in a `preexec_fn`: that runs Python between fork and exec
in a test worker that has other threads, where it can deadlock (Python's documentation warns of
it), and a test then waits for a child that never starts.
"""

from __future__ import annotations

import runpy
import signal
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--tty"]:
        import fcntl
        import termios

        del sys.argv[1]
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    runpy.run_module("hubdesk", run_name="__main__", alter_sys=True)
