"""Screenshots of sign-in and the audit trail (offscreen grabs on the `small` demo data):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.shots_accounts [--lang ko]

writes docs/screenshots/signin-<lang>.png and audit-<lang>.png. Not a test: pytest does not collect it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.take_screenshots import SIZE, close_and_list, demo_database, output_folder, settle, shot_arguments


def make_changes(db) -> None:
    """A morning's work by two people, so the trail shows more than the demo import."""
    from sqlalchemy import select

    from hubdesk.db import audit
    from hubdesk.db.enums import OrgStatus, Role
    from hubdesk.db.schema import Contact, Organization
    from hubdesk.domain.accounts import create_user

    with db.write() as s:
        create_user(s, username="minji.kim", display_name="김민지", role=Role.ADMIN, password="관리자 비밀번호 1")
        create_user(s, username="jihoon.lee", display_name="이지훈", role=Role.STAFF, password="직원 비밀번호 1")
    with audit.acting_as("jihoon.lee", Role.STAFF), db.write() as s:
        orgs = list(s.scalars(select(Organization).order_by(Organization.id).limit(3)))
        orgs[0].status = OrgStatus.TENANT
        orgs[0].region = "제천시 바이오밸리로 12"
        orgs[1].name = orgs[1].name + " (주)"
        s.add(Contact(organization_id=orgs[2].id, name="박서연", title="연구소장", email="seoyeon@example.kr"))
    with audit.acting_as("minji.kim", Role.ADMIN), db.write() as s:
        contact = s.scalar(select(Contact).order_by(Contact.id.desc()).limit(1))
        contact.phone = "043-123-4567"


FRAGMENTS = Path("/work/tr-fragments/accounts-ui")


def use_fragment(lang: str) -> None:
    """Strings not yet merged into the catalogs come from the translation fragment, if there is one."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from hubdesk import i18n

    po = FRAGMENTS / f"{lang}.po"
    if not po.exists():
        return
    import gettext

    buffer = io.BytesIO()
    write_mo(buffer, read_po(po.open("rb"), locale=lang))
    buffer.seek(0)
    i18n._load(lang).add_fallback(gettext.GNUTranslations(buffer))


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)

    from hubdesk.db import audit
    from hubdesk.db.enums import Role
    from hubdesk.ui import navigation
    from hubdesk.ui.accounts.admin_view import ADMIN_AREA
    from hubdesk.ui.accounts.dialog import SignInDialog
    from hubdesk.ui.accounts.permissions_ui import apply_role
    from hubdesk.ui.app import create_application, open_main_window

    app = create_application(args.lang)
    use_fragment(args.lang)
    db, _folder = demo_database()
    make_changes(db)
    out = output_folder(args)

    dialog = SignInDialog(db, username="minji.kim")
    dialog.password_edit.setText("틀린 비밀번호")
    dialog.accept()                                   # one wrong try: the sentence under the form
    dialog.show()
    settle(app, 0.5)
    target = out / f"signin-{args.lang}.png"
    dialog.grab().save(str(target))
    dialog.close()
    print(target)

    navigation.register(*ADMIN_AREA, before="settings")
    audit.set_actor("minji.kim", Role.ADMIN)
    window = open_main_window(db, user_name="김민지", start_area="dashboard")
    apply_role(window, Role.ADMIN)
    window.resize(*SIZE)
    window.show()
    settle(app)
    view = window.show_area("admin")
    page = view.page("audit")
    page.splitter.setSizes([900, 480])
    settle(app, 0.5)
    model = page.model
    for row in range(model.rowCount()):  # show the first change jihoon.lee made
        if model.index(row, model.COL_ACTOR).data() == "jihoon.lee" and \
                "→" in (model.index(row, model.COL_CHANGES).data() or ""):
            page.select_row(row)
            break
    settle(app, 0.8)
    target = out / f"audit-{args.lang}.png"
    window.grab().save(str(target))
    return close_and_list(app, window, db, [target])


if __name__ == "__main__":
    sys.exit(main())
