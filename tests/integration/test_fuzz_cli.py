"""Fuzzed command-line arguments (issue 15, finding 7): every value a person can type where the
command line takes an id, a name, a quarter, a year, a reason or a file name. `hubdesk` must answer
each with its work done (exit 0), a sentence and exit 1, or a usage sentence and exit 2; never a
traceback. The commands run in this process (`hubdesk.cli.main`) on one small demo database.

The number of fuzzed command lines run is printed at the end of the module.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubdesk import cli
from hubdesk.db.database import open_database
from tests.fuzzing import examples, report_line

RUN = {"n": 0, 0: 0, 1: 0, 2: 0}

VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30),
    st.sampled_from(["²", "١٢٣", "０１２", "9" * 20, "-1", "0", "1", "2", "1e9", " 1 ", "2026Q3", "2026Q5",
                     "20260Q1", "²⁰²⁶Q1", "2026q3", "Q3", "2147483648", "220-81-62517", "2208162517",
                     "한방바이오", "🧬", "%20", "a%20b", "../x", "", " ", "'; DROP TABLE organization; --",
                     "NaN", "inf", "-" * 3, "\u202e", "1" * 400]),
)

# (arguments before the fuzzed value, the option the value goes to, arguments after it)
COMMANDS = [
    ("calendar", "--resource", "--out", "{out}.ics"),
    ("calendar", "--org", "--out", "{out}.ics"),
    ("report", "organization", "--org", "--out", "{out}.pdf"),
    ("report", "statement", "--quarter", "2026Q3", "--org", "--out", "{out}.pdf"),
    ("report", "statement", "--org", "1", "--quarter", "--out", "{out}.pdf"),
    ("report", "quarterly", "--quarter", "--out", "{out}.pdf"),
    ("report", "reopen", "--quarter", "--reason", "typo in Q3"),
    ("report", "reopen", "--quarter", "2026Q1", "--reason"),
    ("export", "kpi-request", "--quarter", "{out}.xlsx"),
    ("export", "kpi-request", "--quarter", "2026Q3", "--org", "{out}.xlsx"),
    ("export", "kpi-request", "--quarter", "2026Q3", "--program", "{out}.xlsx"),
    ("demo", "--size", "small", "--seed"),
    ("backup", "--out"),
    ("restore",),
    ("import", "organizations", "--dry-run"),
    ("template", "organizations"),
    ("users", "map-os-account", "--remove"),
    ("users", "map-os-account", "nobody"),
]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from hubdesk.demo.generate import generate

    folder = tmp_path_factory.mktemp("fuzzcli")
    path = folder / "office.db"
    db = open_database(path)
    try:
        generate(db, size="small", seed=11)
    finally:
        db.dispose()
    return folder, path


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    yield
    report_line(request, f"{__name__}: {RUN['n']} fuzzed command lines run (exit 0: {RUN[0]}, exit 1: {RUN[1]}, "
                         f"exit 2: {RUN[2]})")


def _argv(template: tuple[str, ...], value: str, out: str) -> list[str]:
    """The template with `value` after its option (or at the end when the template ends in one)."""
    argv: list[str] = []
    placed = False
    for i, part in enumerate(template):
        argv.append(part.format(out=out))
        if not placed and part.startswith("--") and (i + 1 == len(template) or template[i + 1].startswith("--")
                                                      or template[i + 1].startswith("{")):
            argv.append(value)
            placed = True
    if not placed:
        argv.append(value)
    return argv


def _run(argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:            # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    assert "Traceback" not in err.getvalue(), (argv, err.getvalue())
    if code:
        assert err.getvalue().strip(), (argv, "a non-zero exit without a sentence")
    return code


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(COMMANDS), value=VALUES)
def test_no_argument_ends_in_a_traceback(office, template, value, monkeypatch):
    folder, path = office
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HUBDESK_DATA_DIR", str(folder / "userdata"))
    argv = ["--lang", "en", "--db", str(path), *_argv(template, value, str(folder / "out"))]
    code = _run(argv)
    RUN["n"] += 1
    assert code in (0, 1, 2), (argv, code)
    RUN[code] += 1


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_no_database_argument_ends_in_a_traceback(office, value, monkeypatch, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzzdb")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HUBDESK_DATA_DIR", str(folder / "userdata"))
    code = _run(["--lang", "en", "--db", value or "empty.db", "check"])
    RUN["n"] += 1
    assert code in (0, 1, 2)
    RUN[code] += 1


def test_a_home_folder_this_pc_does_not_know_is_a_name_not_a_traceback(tmp_path, monkeypatch):
    """`--db ~nobody-here/office.db` (found by the fuzzing above): a shell leaves `~name` as written
    when it knows no such user; so does hubdesk, and the command ends with its usual answer."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUBDESK_DATA_DIR", str(tmp_path / "userdata"))
    code = _run(["--lang", "en", "--db", "~no-such-user-here/office.db", "check"])
    assert code in (0, 1)
