"""The import wizard's check step listing problems, on the `small` demo data, grabbed offscreen:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.take_import_screenshot [--lang ko]

The organizations of the demo are exported with Korean headers, a few cells are then spoiled (an
unknown kind, a business number with a wrong check digit, e-mail addresses without a domain, a date that is not one)
and the file goes through the wizard up to its dry run. Writes docs/screenshots/import-<lang>.png.
Not a test: pytest does not collect it.

Until the wizard's strings are merged into the catalogs, the entries of
translations/pending/interchange-ui.<lang>.po fill in what the catalog lacks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.ui.take_screenshots import ROOT, demo_database, output_folder, settle, shot_arguments


def add_pending_translations(lang: str) -> None:
    """Let the pending .po fragment answer what the compiled catalog does not know yet."""
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from hubdesk import i18n

    pending = ROOT / "translations" / "pending" / f"interchange-ui.{lang}.po"
    if not pending.exists():
        return
    with pending.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    i18n._load(lang).add_fallback(gettext.GNUTranslations(buffer))


def spoiled_file(db, folder: Path) -> Path:
    from openpyxl import load_workbook

    from hubdesk.interchange.exporter import export_table

    path = folder / "회원기관_2025.xlsx"
    export_table(db, "organizations", path, korean_headers=True)
    book = load_workbook(path)
    ws = book.active
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    ws.cell(4, col["기관유형"], "우주기업")
    ws.cell(7, col["사업자등록번호"], "220-81-62518")
    ws.cell(9, col["이메일"], "info(at)hanbang.kr")
    ws.cell(15, col["담당자 이메일"], "minji@")
    ws.cell(12, col["회원가입일"], "2024년 봄")
    ws.cell(1, ws.max_column + 1, "담당 직원 메모")
    book.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from hubdesk.ui.app import create_application
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.interchange import dialog as dialog_module

    app = create_application(args.lang)
    add_pending_translations(args.lang)
    db, folder = demo_database()
    path = spoiled_file(db, folder)
    dialog_module.choose_file = lambda parent: str(path)
    wizard = dialog_module.ImportWizardDialog(AppContext(db=db, user_name="김민지"), "organizations")
    wizard.resize(1100, 680)
    wizard.show()
    wizard.browse()
    wizard.go_next()
    while wizard.busy:
        settle(app, 0.1)
    wizard.go_next()
    while wizard.busy:
        settle(app, 0.1)
    settle(app, 0.6)
    target = output_folder(args) / f"import-{args.lang}.png"
    wizard.grab().save(str(target))
    print(target, "·", len(wizard.check_result.problems) if wizard.check_result else "no check", "problems")
    wizard.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
