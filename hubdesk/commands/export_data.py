"""`hubdesk export KIND FILE` (the work is in hubdesk.interchange.cli)."""

from hubdesk.interchange.cli import EXPORT_HELP as HELP
from hubdesk.interchange.cli import add_export_arguments as add_arguments
from hubdesk.interchange.cli import run_export as run

NAME = "export"
__all__ = ["HELP", "NAME", "add_arguments", "run"]
