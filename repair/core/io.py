"""Edges of the engine: decoding, encoding and atomic writes. Byte-exact round trips."""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from repair.core.errors import InputError

# Longest line we accept: a transcript line longer than this is not prose but a broken file.
MAX_LINE_CHARS = 1_000_000
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # codec name used to decode ("utf-8" or "gb18030")
    bom: bool
    newline: str  # dominant newline: "\n", "\r\n" or "\r"


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf >= lf and crlf >= cr and crlf:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def decode(data: bytes, path: str = "<bytes>", max_line: int = MAX_LINE_CHARS) -> Decoded:
    """Decode trying UTF-8, UTF-8 with BOM, then GB18030. Newlines are kept as they are."""
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file (NUL bytes); mt-repair reads text documents only", path=path)
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    text: str | None = None
    encoding = "utf-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if bom:
            raise InputError(
                f"has a UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}", path=path
            ) from None
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as exc2:
            raise InputError(
                f"cannot decode as UTF-8 or GB18030 (invalid byte at offset {exc2.start})", path=path
            ) from None
    if "\x00" in text:
        raise InputError("binary file (NUL characters); mt-repair reads text documents only", path=path)
    _check_line_lengths(text, path, max_line)
    return Decoded(text=text, encoding=encoding, bom=bom, newline=detect_newline(text))


def _check_line_lengths(text: str, path: str, max_line: int) -> None:
    """Every window of max_line + 1 characters must hold a newline; jump from one to the next."""
    n = len(text)
    pos = 0
    while n - pos > max_line:
        nl = text.rfind("\n", pos, pos + max_line + 1)
        if nl < 0:
            line = text.count("\n", 0, pos) + 1
            end = text.find("\n", pos)
            length = (n if end < 0 else end) - pos
            raise InputError(
                f"line is {length:,} characters long (limit {max_line:,}); "
                "this does not look like a transcript or subtitle file",
                path=path,
                line=line,
            )
        pos = nl + 1


def encode(text: str, decoded: Decoded) -> bytes:
    """Encode back with the original codec and BOM; newlines are whatever the text holds."""
    data = text.encode(decoded.encoding)
    return codecs.BOM_UTF8 + data if decoded.bom else data


def read_document_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a document", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not data.strip():
        raise InputError("file is empty", path=str(path))
    return data


def read_text(path: Path) -> Decoded:
    return decode(read_document_bytes(path), str(path))


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, then ``os.replace``; keeps the file mode."""
    path = Path(path)
    mode: int | None = None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        # a new file gets the usual permissions, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename durable
        dfd = os.open(path.parent or ".", os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
