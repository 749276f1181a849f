"""The change-package file (issue 16): gzip'd JSON lines.

    line 1        {"hubdesk_exchange": 1, ...header}       what it is, who wrote it, the range, counts
    lines 2..n    {"op": "row"|"remove", ...}              the records (hubdesk.domain.exchange_apply)
    last line     {"sha256": "<hex>", "lines": n}          over every byte of the lines before it

A changed byte breaks gzip's own CRC or the SHA-256; a file cut short has no last line or no gzip
end; both are refused with a sentence before anything is written. The records and the rules for
applying them are the domain's; this module only writes and reads the file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from hubdesk.errors import DomainError
from hubdesk.i18n import _

MAGIC = "hubdesk_exchange"
SUFFIX = ".hdx"


def write_package(path: Path, header: dict[str, Any], records: list[dict[str, Any]]) -> Path:
    from hubdesk import output_files

    digest = hashlib.sha256()
    lines = [json.dumps({MAGIC: 1, **header}, ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
    body = bytearray()
    for line in lines:
        data = (line + "\n").encode("utf-8")
        digest.update(data)
        body += data
    body += (json.dumps({"sha256": digest.hexdigest(), "lines": len(lines)}) + "\n").encode("utf-8")
    with output_files.replacing(path) as tmp:
        with gzip.open(tmp, "wb", compresslevel=6) as out:
            out.write(bytes(body))
    return path


def _refuse(path: Path, why: str) -> DomainError:
    return DomainError(_("{path} is not a complete hubdesk change package ({why}). Write the package again on "
                         "the PC it came from and copy it once more; nothing was changed.").format(path=path, why=why),
                       code="damaged")


def read_package(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of the package at `path`, checked whole; a DomainError otherwise."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DomainError(_("There is no file {path}. Check the name and the folder.").format(path=path),
                          code="missing") from None
    except OSError as exc:
        raise DomainError(_("Cannot read {path}: {detail}.").format(path=path, detail=exc.strerror or exc),
                          code="unreadable") from None
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error):
        raise _refuse(path, _("it is damaged or cut short")) from None
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) < 2:
        raise _refuse(path, _("it is cut short")) from None
    try:
        trailer = json.loads(lines[-1])
        digest = hashlib.sha256()
        for line in lines[:-1]:
            digest.update(line + b"\n")
        if not isinstance(trailer, dict) or trailer.get("sha256") != digest.hexdigest() \
                or trailer.get("lines") != len(lines) - 1:
            raise _refuse(path, _("its checksum does not match its content"))
        header = json.loads(lines[0])
        if not isinstance(header, dict) or header.pop(MAGIC, None) != 1:
            raise _refuse(path, _("it does not start like one"))
        records = [json.loads(line) for line in lines[1:-1]]
    except (ValueError, UnicodeDecodeError):
        raise _refuse(path, _("it is damaged or cut short")) from None
    if header.get("records") != len(records):
        raise _refuse(path, _("it is cut short"))
    return header, records
