"""The one translation mechanism: gettext catalogs (edited as .po with Babel, compiled to .mo).

Interface, domain messages, reports and the command line all call `_()` / `ngettext()` from here.
English is the source language. `translations/<lang>/LC_MESSAGES/hubdesk.po` holds the catalogs;
`python -m hubdesk.i18n_tools` extracts, updates and compiles them.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
import locale
import os
from contextlib import contextmanager
from typing import Callable, Iterator

from hubdesk import paths
from hubdesk.i18n_particles import with_particles

DOMAIN = "hubdesk"
LANGUAGES = ("ko", "en", "vi")
LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "vi": "Tiếng Việt"}
BABEL_LOCALES = {"ko": "ko_KR", "en": "en_US", "vi": "vi_VN"}

_current = "en"
# A temporary language for one piece of work (a report rendered in Vietnamese while the interface
# speaks Korean). A context variable, so a report rendering in a worker thread never changes the
# language the interface's own thread translates into.
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("hubdesk_language", default=None)
_translations: dict[str, _gettext.NullTranslations] = {}
_listeners: list[Callable[[str], None]] = []


def _load(lang: str) -> _gettext.NullTranslations:
    if lang not in _translations:
        try:
            _translations[lang] = _gettext.translation(
                DOMAIN, localedir=str(paths.translations_dir()), languages=[lang]
            )
        except OSError:
            _translations[lang] = _gettext.NullTranslations()
        _mark_particle_templates(_translations[lang])
    return _translations[lang]


def _mark_particle_templates(translations: _gettext.NullTranslations) -> None:
    """Wrap each translation holding a Korean particle field (``{name}{을}``) in a
    `ParticleTemplate`, whose `format` chooses the particle (see `hubdesk.i18n_particles`).
    Done once per catalog, so `_()` costs nothing more."""
    catalog = getattr(translations, "_catalog", None)
    if not isinstance(catalog, dict):
        return
    for key, text in catalog.items():
        if isinstance(text, str):
            catalog[key] = with_particles(text)


def normalize_language(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower().replace("-", "_")
    short = code.split("_")[0].split(".")[0]
    return short if short in LANGUAGES else None


def system_language() -> str:
    env = normalize_language(os.environ.get("HUBDESK_LANG"))
    if env:
        return env
    try:
        loc = locale.getlocale()[0]
    except ValueError:
        loc = None
    return normalize_language(loc) or "en"


def set_language(lang: str) -> None:
    global _current
    norm = normalize_language(lang)
    if norm is None:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = norm
    for listener in list(_listeners):
        listener(norm)


def get_language() -> str:
    return _override.get() or _current


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES[lang or get_language()]


def add_language_listener(fn: Callable[[str], None]) -> None:
    _listeners.append(fn)


def remove_language_listener(fn: Callable[[str], None]) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Temporarily switch the language (reports in another language than the interface)."""
    token = _override.set(normalize_language(lang) or get_language())
    try:
        yield
    finally:
        _override.reset(token)


def _(message: str) -> str:
    return _load(get_language()).gettext(message)


def gettext(message: str) -> str:
    return _load(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _load(get_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _load(get_language()).pgettext(context, message)


def translate_in(lang: str, message: str) -> str:
    return _load(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where it is shown)."""
    return message
