"""Translation catalogs: complete (nothing untranslated, fuzzy, stale or missing against a fresh
extraction of the code), placeholders identical to the source, .mo files compiled from the .po,
and `update` keeps the translations that exist."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo

from hubdesk import i18n, i18n_tools
from hubdesk.i18n import LANGUAGES


def test_catalogs_are_complete_and_compiled():
    problems = i18n_tools.check()
    assert not problems, "\n".join(map(str, problems)) + (
        "\nRun `python -m hubdesk.i18n_tools update`, translate the entries in translations/ko and "
        "translations/vi, then `python -m hubdesk.i18n_tools compile`.")


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    """The committed catalogs copied to a temporary folder that i18n_tools then works on."""
    copy = tmp_path / "translations"
    shutil.copytree(i18n_tools.translations_dir(), copy)
    monkeypatch.setattr(i18n_tools, "translations_dir", lambda: copy)
    return copy


def _write_mo(lang, catalog):
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    i18n_tools.mo_path(lang).write_bytes(buf.getvalue())
    return buf.getvalue()


def test_a_mo_written_by_another_babel_with_another_header_is_still_the_compiled_po(catalog_copy, monkeypatch):
    # Another Babel writes another Generated-By line, and the dates differ: the messages do not.
    for lang in LANGUAGES:
        catalog = i18n_tools._read(i18n_tools.po_path(lang), lang)
        catalog.creation_date = dt.datetime(2021, 3, 4, 5, 6, tzinfo=dt.timezone.utc)
        catalog.revision_date = dt.datetime(2021, 3, 5, 5, 6, tzinfo=dt.timezone.utc)
        with monkeypatch.context() as patch:
            patch.setattr("babel.messages.catalog.VERSION", "2.9.1")
            data = _write_mo(lang, catalog)
        assert b"Generated-By: Babel 2.9.1" in data and b"POT-Creation-Date: 2021-03-04" in data
        assert i18n_tools.mo_path(lang).is_relative_to(catalog_copy)
        assert data != i18n_tools.compiled_bytes(lang)  # not the same bytes ...
        assert i18n_tools._mo_problems(lang) == []  # ... and still the same messages


def test_a_mo_missing_or_changing_one_translation_is_not_the_compiled_po(catalog_copy):
    source = "There is no database at {path}. Check the path, or create one by opening it with hubdesk."
    catalog = i18n_tools._read(i18n_tools.po_path("ko"), "ko")
    assert catalog.get(source).string
    catalog.delete(source)
    _write_mo("ko", catalog)
    assert i18n_tools.mo_path("ko").is_relative_to(catalog_copy)
    problems = i18n_tools._mo_problems("ko")
    assert len(problems) == 1 and problems[0].kind == "mo"
    assert "1 message(s) differ" in problems[0].detail and source[:20] in problems[0].detail

    catalog = i18n_tools._read(i18n_tools.po_path("vi"), "vi")
    catalog.get(source).string = catalog.get(source).string + " (old)"
    _write_mo("vi", catalog)
    assert [p.kind for p in i18n_tools._mo_problems("vi")] == ["mo"]
    i18n_tools.compile_catalogs(("ko", "vi"))
    assert i18n_tools._mo_problems("ko") == [] and i18n_tools._mo_problems("vi") == []


def test_a_missing_mo_is_a_problem(catalog_copy):
    i18n_tools.mo_path("vi").unlink()
    assert [p.kind for p in i18n_tools._mo_problems("vi")] == ["mo"]


def test_every_language_has_a_catalog_with_plural_rules():
    for lang in LANGUAGES:
        catalog = i18n_tools._read(i18n_tools.po_path(lang), lang)
        assert catalog.plural_forms, lang
        assert i18n_tools.mo_path(lang).exists()


def test_placeholders_are_parsed_like_str_format():
    assert i18n_tools.placeholders("{name} has {count:,} bookings, {0}") == {"name", "count", "0"}
    assert i18n_tools.placeholders("no fields, {{escaped}}") == set()
    assert i18n_tools.placeholders("{obj.attr} {items[0]}") == {"obj", "items"}


@pytest.mark.parametrize("translation, ok", [
    ("{name} 자원은 사용할 수 없습니다.", True),
    ("{이름} 자원은 사용할 수 없습니다.", False),  # a translated placeholder name
    ("자원은 사용할 수 없습니다.", False),  # a dropped placeholder
    ("{name} {name} {extra}", False),  # an added one
])
def test_placeholder_mismatch_is_a_problem(translation, ok):
    message = Message("Resource {name} is out of service.", translation)
    problems = i18n_tools._placeholder_problems("ko", message)
    assert (problems == []) is ok


def test_plural_forms_may_use_singular_or_plural_placeholders():
    message = Message(("One booking for {name}", "{count} bookings for {name}"),
                      ("{name}의 예약 {count}건",))
    assert i18n_tools._placeholder_problems("ko", message) == []
    wrong = Message(("One booking for {name}", "{count} bookings for {name}"), ("{name}의 예약 {n}건",))
    assert len(i18n_tools._placeholder_problems("ko", wrong)) == 1


def test_update_keeps_existing_translations(tmp_path, monkeypatch):
    copy = tmp_path / "translations"
    shutil.copytree(i18n_tools.translations_dir(), copy)
    before = {lang: {m.id: m.string for m in i18n_tools._read(i18n_tools.po_path(lang), lang) if m.id}
              for lang in LANGUAGES}
    monkeypatch.setattr(i18n_tools, "translations_dir", lambda: copy)
    i18n_tools.update()
    for lang in LANGUAGES:
        after = {m.id: m.string for m in i18n_tools._read(i18n_tools.po_path(lang), lang) if m.id}
        kept = {k: v for k, v in before[lang].items() if k in after and v}
        assert kept and all(after[k] == v for k, v in kept.items()), lang
    english = i18n_tools._read(i18n_tools.po_path("en"), "en")
    assert all(m.string == (tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id)
               for m in english if m.id and not m.fuzzy and isinstance(m.id, str))


def test_compiled_catalogs_are_used_at_run_time():
    source = "There is no database at {path}. Check the path, or create one by opening it with hubdesk."
    seen = set()
    for lang in LANGUAGES:
        with i18n.language(lang):
            text = i18n._(source)
        assert "{path}" in text
        seen.add(text)
    assert len(seen) == 3  # ko and vi differ from English and from each other
