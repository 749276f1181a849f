"""What each import column takes is said from its parser (no second list), for every kind."""

from __future__ import annotations

import pytest

from hubdesk.interchange.kinds import IMPORT_KINDS


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_every_import_column_says_what_it_takes(kind):
    from hubdesk.interchange.exporter import column_note, template_columns

    columns = template_columns(kind)
    assert columns and any(c.required for c in columns)
    for column in columns:
        assert column.takes_text(), f"{kind}.{column.key}: its parser does not say what it takes"
        assert column_note(column).startswith("Required." if column.required else "Optional.")


def test_descriptions_follow_the_parser_and_the_language():
    from hubdesk.i18n import set_language
    from hubdesk.interchange.kpis import COLUMNS as KPI_COLUMNS
    from hubdesk.interchange.organizations import COLUMNS

    by_key = {c.key: c for c in COLUMNS}
    assert by_key["phone"].takes_text() == "Text, at most 40 characters"
    assert by_key["member_since"].takes_text().startswith("A date, such as 2026-03-14")
    assert by_key["status"].takes_text() == "One of: prospect, member, tenant, partner, alumni, inactive"
    assert next(c for c in KPI_COLUMNS if c.key == "quarter").takes_text().startswith("A quarter: 1, 2, 3 or 4")
    set_language("ko")
    try:
        assert by_key["status"].takes_text().startswith("다음 중 하나: prospect (잠재), member (회원)")
        assert by_key["phone"].takes_text() == "최대 40자의 텍스트"
    finally:
        set_language("en")
