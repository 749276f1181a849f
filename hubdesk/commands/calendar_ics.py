"""`hubdesk calendar --resource ID | --org ID --out FILE.ics` (the work is in hubdesk.interchange.cli)."""

from hubdesk.interchange.cli import CALENDAR_HELP as HELP
from hubdesk.interchange.cli import add_calendar_arguments as add_arguments
from hubdesk.interchange.cli import run_calendar as run

NAME = "calendar"
__all__ = ["HELP", "NAME", "add_arguments", "run"]
