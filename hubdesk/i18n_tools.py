"""Translation catalogs, with Babel: `python -m hubdesk.i18n_tools extract|update|compile|check`.

- extract: scan hubdesk/ for `_`, `N_`, `ngettext`, `pgettext` into translations/hubdesk.pot
- update:  extract, then merge into translations/{ko,en,vi}/LC_MESSAGES/hubdesk.po, keeping every
           existing translation (changed source strings come back marked fuzzy with the old
           translation as a suggestion; strings gone from the code are dropped). English is the
           source language: its msgstr is filled with the msgid.
- compile: write hubdesk.mo next to each .po (the .mo files are committed, so a source checkout and
           the frozen app both find them through hubdesk.i18n).
- check:   list every entry that is untranslated, fuzzy, stale (in a .po but no longer in the code),
           missing (in the code but not in a .po), whose {placeholders} differ from the source
           (Korean particle fields such as {을} aside), that writes a generic Korean particle
           ("을(를)") or a particle field not right after a placeholder, or whose .mo is not the
           compiled .po. Exit 1 when there is any.

Workflow after adding strings: `update`, translate the new entries in ko and vi, `compile`, `check`.
"""

from __future__ import annotations

import argparse
import io
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from hubdesk import __version__, paths
from hubdesk.i18n import BABEL_LOCALES, DOMAIN, LANGUAGES
from hubdesk.i18n_particles import GENERIC_RE, PARTICLE_FIELD_RE, PARTICLE_FIELDS

SOURCE_LANGUAGE = "en"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)


def translations_dir() -> Path:
    return paths.translations_dir()


def template_path() -> Path:
    return translations_dir() / f"{DOMAIN}.pot"


def po_path(lang: str) -> Path:
    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


# --- extraction -------------------------------------------------------------------------------

def extract_catalog(source_dir: Path | None = None) -> Catalog:
    """A fresh template from the source code (nothing written)."""
    source_dir = source_dir or paths.package_root()
    base = source_dir.parent
    catalog = Catalog(project="hubdesk", version=__version__, copyright_holder="hubdesk",
                      msgid_bugs_address="", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(source_dir), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        location = (source_dir.relative_to(base) / filename).as_posix()
        catalog.add(message, None, [(location, lineno)], auto_comments=comments, context=context)
    return catalog


def extract() -> Catalog:
    catalog = extract_catalog()
    _write_po(template_path(), catalog)
    return catalog


# --- update -----------------------------------------------------------------------------------

def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=BABEL_LOCALES[lang] if lang else None, domain=DOMAIN)


def _write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    data = buf.getvalue()
    # Rewrite only when something besides the header dates changed: no churn in git.
    if not path.exists() or _without_dates(path.read_bytes()) != _without_dates(data):
        path.write_bytes(data)


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*"$', b"", data, flags=re.M)


def _fill_source_language(catalog: Catalog) -> None:
    """English is the source: its translation is the msgid itself."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            wanted = tuple(message.id)
            if message.fuzzy or not all(message.string or ()):
                message.string = wanted
        elif message.fuzzy or not message.string:
            message.string = message.id
        if message.fuzzy:
            message.flags.discard("fuzzy")


def update(languages: tuple[str, ...] = LANGUAGES) -> None:
    extract()
    for lang in languages:
        path = po_path(lang)
        # A fresh template per language: Catalog.update() shares the template's Message objects,
        # and filling English must not leak into the next catalog.
        with template_path().open("rb") as fh:
            template = read_po(fh)
        if path.exists():
            catalog = _read(path, lang)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = Catalog(locale=BABEL_LOCALES[lang], domain=DOMAIN, project="hubdesk",
                              version=__version__, copyright_holder="hubdesk", msgid_bugs_address="",
                              charset="utf-8", fuzzy=False)
            catalog.update(template)
        catalog.obsolete.clear()
        catalog.revision_date = template.creation_date
        if lang == SOURCE_LANGUAGE:
            _fill_source_language(catalog)
        _write_po(path, catalog)


# --- compile ----------------------------------------------------------------------------------

def compiled_bytes(lang: str) -> bytes:
    catalog = _read(po_path(lang), lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def compile_catalogs(languages: tuple[str, ...] = LANGUAGES) -> None:
    for lang in languages:
        data = compiled_bytes(lang)
        target = mo_path(lang)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)


# --- check ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    lang: str
    kind: str  # untranslated, fuzzy, stale, missing, placeholders, particle, format, mo
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.lang}: {self.kind}: {self.msgid!r}"
        return f"{text} ({self.detail})" if self.detail else text


def placeholders(text: str) -> set[str]:
    """The named `{placeholders}` of a str.format template ({0} and {} count too)."""
    names: set[str] = set()
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                names.add(field.split(".")[0].split("[")[0])
    except ValueError as exc:
        names.add(f"<unbalanced braces: {exc}>")
    return names


def _key(message: Message) -> tuple[str, str | None]:
    ident = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return ident, message.context


def _placeholder_problems(lang: str, message: Message) -> list[Problem]:
    problems = []
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    allowed = [placeholders(i) for i in ids]
    for form in strings:
        if not form:
            continue
        found = placeholders(form) - PARTICLE_FIELDS
        if found not in allowed:
            expected = " or ".join("{" + ", ".join(sorted(a)) + "}" for a in allowed)
            problems.append(Problem(lang, "placeholders", ids[0],
                                    f"translation has {{{', '.join(sorted(found))}}}, source has {expected}"))
    return problems


# a particle written after a placeholder (“{value}”가 …): right for some values only
FIXED_PARTICLE_RE = re.compile(r"\}[”’\"']?(을|를|은|는|이|가|과|와|으로|로)(?=[\s.,?!)]|$)")


def _particle_problems(lang: str, message: Message) -> list[Problem]:
    """Korean particles (see `hubdesk.i18n_particles`): no generic "을(를)" (a particle field
    chooses the right one), and a particle field only right after a placeholder, since it is
    filled when the placeholders are (after fixed words the translator writes the particle)."""
    ident = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    problems = []
    for form in strings:
        if not form:
            continue
        generic = GENERIC_RE.search(form)
        if generic:
            problems.append(Problem(lang, "particle", ident,
                                    f"generic {generic.group(0)!r}: write a particle field such as {{을}} "
                                    "after the placeholder, or the particle itself after a fixed word"))
        fixed = FIXED_PARTICLE_RE.search(PARTICLE_FIELD_RE.sub("\0", form))  # ({이라}는 is right)
        if fixed:
            problems.append(Problem(lang, "particle", ident,
                                    f"fixed particle {fixed.group(1)!r} after a placeholder: it fits some values "
                                    "only; write a particle field such as {을}"))
        for field in PARTICLE_FIELD_RE.finditer(form):
            before = form[:field.start()].rstrip("”’\"'»」』")
            if not before.endswith("}"):
                problems.append(Problem(lang, "particle", ident,
                                        f"{field.group(0)} does not follow a placeholder: write the particle "
                                        "that fits the word before it"))
    return problems


def check(languages: tuple[str, ...] = LANGUAGES) -> list[Problem]:
    fresh = extract_catalog()
    fresh_keys = {_key(m) for m in fresh if m.id}
    problems: list[Problem] = []
    for lang in languages:
        path = po_path(lang)
        if not path.exists():
            problems.append(Problem(lang, "missing", str(path), "no catalog: run `update`"))
            continue
        catalog = _read(path, lang)
        keys = set()
        for message in catalog:
            if not message.id:
                continue
            key = _key(message)
            keys.add(key)
            if key not in fresh_keys:
                problems.append(Problem(lang, "stale", key[0], "no longer in the code: run `update`"))
                continue
            if message.fuzzy:
                problems.append(Problem(lang, "fuzzy", key[0], "check the translation and remove the fuzzy flag"))
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if not strings or not all(strings):
                problems.append(Problem(lang, "untranslated", key[0]))
                continue
            problems.extend(_placeholder_problems(lang, message))
            problems.extend(_particle_problems(lang, message))
            for error in message.check(catalog):
                problems.append(Problem(lang, "format", key[0], str(error)))
        for key in sorted(fresh_keys - keys, key=lambda k: (k[0], k[1] or "")):
            problems.append(Problem(lang, "missing", key[0], "in the code but not in the catalog: run `update`"))
        problems.extend(_mo_problems(lang))
    return problems


def _mo_content(data: bytes) -> tuple[str, dict[tuple, object]]:
    """The plural rule and the messages of a compiled catalog: {(context, id): translation}, with
    ids and translations of plural entries as tuples. The rest of the header (dates, the Babel
    version in Generated-By) is left out: it changes with the tool, not with the translations."""
    catalog = read_mo(io.BytesIO(data))
    messages = {}
    for message in catalog:
        if not message.id:
            continue
        ident = tuple(message.id) if isinstance(message.id, (list, tuple)) else message.id
        text = tuple(message.string) if isinstance(message.string, (list, tuple)) else message.string
        messages[(message.context, ident)] = text
    return catalog.plural_forms, messages


def _mo_problems(lang: str) -> list[Problem]:
    """A .mo that is missing, unreadable, or whose messages or plural rule are not the .po's."""
    mo = mo_path(lang)
    if not mo.exists():
        return [Problem(lang, "mo", str(mo), "no compiled catalog: run `compile`")]
    try:
        plural, found = _mo_content(mo.read_bytes())
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same problem
        return [Problem(lang, "mo", str(mo), f"unreadable ({exc}): run `compile`")]
    wanted_plural, wanted = _mo_content(compiled_bytes(lang))
    differing = sorted((key for key in wanted.keys() | found.keys() if wanted.get(key) != found.get(key)),
                       key=lambda k: (str(k[1]), k[0] or ""))
    problems = []
    if plural != wanted_plural:
        problems.append(Problem(lang, "mo", str(mo),
                                f"plural rule {plural!r} is not the .po's {wanted_plural!r}: run `compile`"))
    if differing:
        context, ident = differing[0]
        first = ident[0] if isinstance(ident, tuple) else ident
        problems.append(Problem(lang, "mo", str(mo),
                                f"{len(differing)} message(s) differ from the .po, first {first!r}: "
                                "run `compile`"))
    return problems


# --- command line -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hubdesk.i18n_tools",
                                     description="Extract, update, compile and check hubdesk's gettext catalogs.")
    parser.add_argument("action", choices=("extract", "update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.action == "extract":
        catalog = extract()
        print(f"{template_path()}: {len(catalog)} messages")
    elif args.action == "update":
        update()
        print("updated " + ", ".join(str(po_path(lang)) for lang in LANGUAGES))
    elif args.action == "compile":
        compile_catalogs()
        print("compiled " + ", ".join(str(mo_path(lang)) for lang in LANGUAGES))
    else:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) in the catalogs", file=sys.stderr)
            return 1
        print("catalogs complete")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
