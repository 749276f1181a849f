"""Sub-commands of the `hubdesk` command line; hubdesk/cli.py lists them in COMMAND_MODULES.

Each module defines NAME, HELP (marked with N_), add_arguments(parser) and run(args) -> int,
and imports what is heavy (SQLAlchemy, ReportLab) inside run() so the command line starts fast.
"""
