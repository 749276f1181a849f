"""Entry script for the frozen app (PyInstaller): the same `hubdesk.cli.main` as the console script."""

import sys

from hubdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
