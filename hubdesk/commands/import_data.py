"""`hubdesk import KIND FILE [--dry-run]` (the work is in hubdesk.interchange.cli)."""

from hubdesk.interchange.cli import IMPORT_HELP as HELP
from hubdesk.interchange.cli import add_import_arguments as add_arguments
from hubdesk.interchange.cli import run_import as run

NAME = "import"
__all__ = ["HELP", "NAME", "add_arguments", "run"]
