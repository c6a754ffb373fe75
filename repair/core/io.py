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
        stray = _stray_bytes(body)
        if stray is not None:
            # mostly UTF-8 with a few bad bytes: GB18030 would decode it to mojibake
            raise InputError(
                f"UTF-8 except for {len(stray)} invalid byte(s) at offset(s) "
                + ", ".join(str(o) for o in stray[:5])
                + (" …" if len(stray) > 5 else "")
                + "; fix those bytes (or convert the file) and run again",
                path=path,
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


def _stray_bytes(body: bytes) -> list[int] | None:
    """Offsets of the invalid bytes when ``body`` is UTF-8 but for a few of them, else None."""
    offsets: list[int] = []
    pos = 0
    valid_multibyte = 0
    while pos < len(body):
        try:
            chunk = body[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            chunk = body[pos : pos + exc.start].decode("utf-8")
            offsets.append(pos + exc.start)
            pos += exc.start + max(1, exc.end - exc.start)
        else:
            pos = len(body)
        valid_multibyte += sum(1 for ch in chunk if ord(ch) > 0x7F)
        if len(offsets) > 64:
            return None
    if offsets and valid_multibyte >= 20 and len(offsets) * 50 <= valid_multibyte:
        return offsets
    return None


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
    if not stat.S_ISREG(path.stat().st_mode):
        # a FIFO or a device (/dev/zero) would be read forever
        raise InputError("not a regular file (a pipe or a device); give a file", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not data.strip():
        raise InputError("file is empty", path=str(path))
    return data


STALE_TEMP_SECONDS = 600


def _remove_stale_temps(path: Path) -> None:
    """Temp files of ``path`` that a killed run left behind (a live writer's is fresh)."""
    import time

    cutoff = time.time() - STALE_TEMP_SECONDS
    for old in (path.parent or Path(".")).glob(f".{path.name}.*{TEMP_SUFFIX}"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def read_text(path: Path) -> Decoded:
    return decode(read_document_bytes(path), str(path))


TEMP_SUFFIX = ".mt-repair.tmp"  # recognisable, so a stale one left by kill -9 can be found


def atomic_write(path: Path, data: bytes, *, expect: bytes | None = None) -> None:
    """Temp file in the same folder, fsync, then ``os.replace``.

    Keeps the file mode and owner; writes through a symlink to its target (replacing the link
    would leave the target unfixed); refuses a read-only file; with ``expect``, refuses when
    the file no longer holds those bytes (someone changed it since it was read).
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    mode: int | None = None
    owner: tuple[int, int] | None = None
    try:
        st = path.stat()
        mode = stat.S_IMODE(st.st_mode)
        owner = (st.st_uid, st.st_gid)
        if not mode & stat.S_IWUSR:
            raise InputError("read-only file: not written (make it writable first)", path=str(path))
    except FileNotFoundError:
        # a new file gets the usual permissions, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if expect is not None and _current_bytes(path) != expect:
        raise InputError("changed since it was read: not written (run again)", path=str(path))
    _remove_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent or ".")
    except OSError as exc:  # a missing or unwritable folder: a message, not a traceback
        raise InputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown"):
            try:
                os.chown(tmp, *owner)
            except PermissionError:
                pass  # only root may give a file away; then it is ours anyway
        if expect is not None and _current_bytes(path) != expect:
            raise InputError("changed since it was read: not written (run again)", path=str(path))
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
