"""The change-package file (issue 16): gzip'd JSON lines.

    line 1        {"hubdesk_exchange": 1, ...header}       what it is, who wrote it, the range, counts
    lines 2..     {"op": "row"|"remove", ...}              the records (hubdesk.domain.exchange_apply)
    then          {"op": "blob", "sha256", "idx", "data"}  the documents' bytes the attachments name,
                                                           one line per stored piece (base64), in order
    last line     {"sha256": "<hex>", "lines": n}          over every byte of the lines before it

A changed byte breaks gzip's own CRC or the SHA-256; a file cut short has no last line or no gzip
end; both are refused with a sentence before anything is written. The file is written and read one
line at a time: a document's bytes are never held whole in memory. Reading checks the file whole
and keeps the records; the documents' pieces are read again, in order, while the package is applied
(`package_blobs`), where each is hashed again as it is stored. The records and the rules for
applying them are the domain's; this module only writes and reads the file.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import itertools
import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from hubdesk.errors import DomainError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAGIC = "hubdesk_exchange"
SUFFIX = ".hdx"
BLOB = "blob"


def _blob_lines(session: "Session", blobs: dict[str, int]) -> Iterator[dict[str, Any]]:
    from hubdesk.domain.documents import blob_chunks

    for sha in sorted(blobs):
        for idx, piece in enumerate(blob_chunks(session, sha)):
            yield {"op": BLOB, "sha256": sha, "idx": idx, "data": base64.b64encode(piece).decode("ascii")}


def write_package(path: Path, header: dict[str, Any], records: list[dict[str, Any]],
                  session: "Session | None" = None) -> Path:
    """Write the package; the documents the header lists (`blobs`: sha256 → size) are read from
    `session` piece by piece."""
    from hubdesk import output_files

    blobs = header.get("blobs") or {}
    if blobs and session is None:
        raise ValueError("a package that carries documents is written with the session to read them from")
    digest = hashlib.sha256()
    lines: Iterable[dict[str, Any]] = itertools.chain([{MAGIC: 1, **header}], records,
                                                      _blob_lines(session, blobs) if blobs else ())
    count = 0
    with output_files.replacing(path) as tmp:
        with gzip.open(tmp, "wb", compresslevel=6) as out:
            for line in lines:
                data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
                digest.update(data)
                out.write(data)
                count += 1
            out.write((json.dumps({"sha256": digest.hexdigest(), "lines": count}) + "\n").encode("utf-8"))
    return path


def _refuse(path: Path, why: str) -> DomainError:
    return DomainError(_("{path} is not a complete hubdesk change package ({why}). Write the package again on "
                         "the PC it came from and copy it once more; nothing was changed.").format(path=path, why=why),
                       code="damaged")


class _Blobs:
    """The documents' pieces met while reading: each in order and whole, as the header lists them."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}
        self.current: str | None = None
        self.next_idx = 0

    def add(self, line: dict[str, Any]) -> bool:
        sha, idx = line.get("sha256"), line.get("idx")
        if not isinstance(sha, str) or not isinstance(idx, int):
            return False
        if sha != self.current:
            if sha in self.sizes or idx != 0:
                return False
            self.current, self.next_idx, self.sizes[sha] = sha, 0, 0
        if idx != self.next_idx:
            return False
        self.next_idx += 1
        self.sizes[sha] += len(base64.b64decode(line.get("data") or "", validate=True))
        return True


def read_package(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of the package at `path`, checked whole (documents' pieces included,
    one line at a time); a DomainError otherwise."""
    try:
        stream = gzip.open(Path(path), "rb")
    except FileNotFoundError:
        raise DomainError(_("There is no file {path}. Check the name and the folder.").format(path=path),
                          code="missing") from None
    except OSError as exc:
        raise DomainError(_("Cannot read {path}: {detail}.").format(path=path, detail=exc.strerror or exc),
                          code="unreadable") from None
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    blobs = _Blobs()
    previous: bytes | None = None
    count = 0
    try:
        with stream:
            for line in stream:
                if previous is not None:
                    digest.update(previous)
                    count += 1
                    parsed = json.loads(previous)
                    if header is None:
                        if not isinstance(parsed, dict) or parsed.pop(MAGIC, None) != 1:
                            raise _refuse(path, _("it does not start like one"))
                        header = parsed
                    elif isinstance(parsed, dict) and parsed.get("op") == BLOB:
                        if not blobs.add(parsed):
                            raise _refuse(path, _("its documents are not whole"))
                    elif blobs.sizes:            # a record after the documents
                        raise _refuse(path, _("it is damaged or cut short"))
                    else:
                        records.append(parsed)
                previous = line
    except FileNotFoundError:
        raise DomainError(_("There is no file {path}. Check the name and the folder.").format(path=path),
                          code="missing") from None
    except (OSError, EOFError, zlib.error, ValueError, UnicodeDecodeError, binascii.Error):
        raise _refuse(path, _("it is damaged or cut short")) from None
    if previous is None or header is None:
        raise _refuse(path, _("it is cut short"))
    try:
        trailer = json.loads(previous)
    except (ValueError, UnicodeDecodeError):
        raise _refuse(path, _("it is damaged or cut short")) from None
    if not isinstance(trailer, dict) or trailer.get("sha256") != digest.hexdigest() or trailer.get("lines") != count:
        raise _refuse(path, _("its checksum does not match its content"))
    if header.get("records") != len(records):
        raise _refuse(path, _("it is cut short"))
    if blobs.sizes != {sha: size for sha, size in (header.get("blobs") or {}).items()}:
        raise _refuse(path, _("its documents are not whole"))
    return header, records


def package_blobs(path: Path, header: dict[str, Any]) -> Iterator[tuple[str, int, Iterator[bytes]]]:
    """The documents the package carries, in order: (sha256, size, its pieces), each piece read from
    the file when it is asked for. Read after `read_package` checked the file; the domain hashes
    every document again as it stores it."""
    sizes = header.get("blobs") or {}
    if not sizes:
        return
    with gzip.open(Path(path), "rb") as stream:
        lines = (json.loads(line) for line in itertools.islice(stream, 1 + int(header.get("records") or 0), None))
        pieces = itertools.takewhile(lambda line: isinstance(line, dict) and line.get("op") == BLOB, lines)
        for sha, group in itertools.groupby(pieces, key=lambda line: line["sha256"]):
            yield sha, int(sizes.get(sha, -1)), (base64.b64decode(line["data"]) for line in group)
