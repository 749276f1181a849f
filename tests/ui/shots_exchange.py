"""Screenshots of the exchange window (issue 16): the preview of a package and the conflict
screen, on two real databases made as in tests/ui/test_exchange_dialog.py:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_exchange [--lang ko]

writes docs/screenshots/exchange-preview-<lang>.png and exchange-conflicts-<lang>.png. Not a test:
pytest does not collect it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.ui.take_screenshots import output_folder, settle, shot_arguments


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)

    from hubdesk.db.database import open_database
    from hubdesk.domain.exchange_apply import apply_package, preview_package
    from hubdesk.interchange.exchange_package import package_blobs, read_package
    from hubdesk.ui.app import create_application
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.exchange.dialog import ExchangeDialog, PreviewDialog
    from tests.ui.test_exchange_dialog import two_pcs

    app = create_application(args.lang)
    folder = Path(tempfile.mkdtemp(prefix="hubdesk-shots-exchange-"))
    template = folder / "template.db"
    open_database(template).dispose()
    a, b, package = two_pcs(folder, template)
    out = output_folder(args)
    header, records = read_package(package)
    with b.db.write() as s:
        summary = preview_package(s, header, records, package_blobs(package, header))
    preview = PreviewDialog(summary)
    preview.show()
    settle(app, 0.5)
    preview.grab().save(str(out / f"exchange-preview-{args.lang}.png"))
    preview.done(0)
    with b.db.write() as s:
        apply_package(s, header, records, package_blobs(package, header))
    window = ExchangeDialog(AppContext(db=b.db, user_name="김민지"))
    window.show()
    settle(app, 0.5)
    window.grab().save(str(out / f"exchange-conflicts-{args.lang}.png"))
    window.done(0)
    a.db.dispose()
    b.db.dispose()
    print(out / f"exchange-preview-{args.lang}.png", out / f"exchange-conflicts-{args.lang}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
