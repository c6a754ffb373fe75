"""Edges of the engine: decoding, encoding and atomic writes. Byte-exact round trips."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from repair.core.errors import ConfigError, InputError, WriteError

# Longest line we accept: a transcript line longer than this is not prose but a broken file.
MAX_LINE_CHARS = 1_000_000
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # codec name used to decode ("utf-8" or "gb18030")
    bom: bool
    newline: str  # dominant newline: "\n", "\r\n" or "\r"
    stamp: FileStamp | None = None  # what was on disk when it was read (lost-update check)


@dataclass(frozen=True, slots=True)
class FileStamp:
    """Size, mtime and hash of a file as read: a write refuses when the file no longer matches."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes) -> FileStamp:
        st = path.stat()
        return cls(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf >= lf and crlf >= cr and crlf:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def decode(
    data: bytes, path: str = "<bytes>", max_line: int = MAX_LINE_CHARS, encoding: str | None = None
) -> Decoded:
    """Decode trying UTF-8, UTF-8 with BOM, then GB18030. Newlines are kept as they are.

    ``encoding`` (``--encoding``) decides instead of guessing. A file that is mostly valid UTF-8
    with a few stray bytes is refused (naming the offsets), never silently read as GB18030.
    """
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file (NUL bytes); mt-repair reads text documents only", path=path)
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    text: str | None = None
    if encoding is not None:
        text, enc = _decode_as(body if bom and _is_utf8(encoding) else data, encoding, path)
        return _finish(text, enc, bom and _is_utf8(encoding), path, max_line)
    encoding = "utf-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if bom:
            raise InputError(
                f"has a UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}", path=path
            ) from None
        stray = _stray_utf8_bytes(data)
        if stray is not None:
            count, offsets = stray
            shown = ", ".join(map(str, offsets)) + (", ..." if count > len(offsets) else "")
            raise InputError(
                f"mostly UTF-8 but {count} invalid byte(s) at offset {shown}; "
                "fix those bytes, or pass --encoding (utf-8 replaces them, gb18030 reads it as GB18030)",
                path=path,
            ) from None
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as exc2:
            raise InputError(
                f"cannot decode as UTF-8 or GB18030 (invalid byte at offset {exc2.start})", path=path
            ) from None
    return _finish(text, encoding, bom, path, max_line)


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _decode_as(data: bytes, encoding: str, path: str) -> tuple[str, str]:
    """--encoding: UTF-8 replaces invalid bytes (the user asked for it); other codecs are strict."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=path) from None
    if name == "utf-8-sig":
        name = "utf-8"
    try:
        return data.decode(name, errors="replace" if name == "utf-8" else "strict"), name
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {name} (invalid byte at offset {exc.start})", path=path) from None


_STRAY = re.compile("[\udc80-\udcff]")


def _stray_utf8_bytes(data: bytes, shown: int = 8) -> tuple[int, list[int]] | None:
    """(count, first offsets) of the invalid bytes when the file is mostly valid UTF-8, else None."""
    text = data.decode("utf-8", errors="surrogateescape")  # each invalid byte -> one lone surrogate
    count = len(_STRAY.findall(text))
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - count
    # GB18030 text read as UTF-8 is almost all invalid; a few strays in UTF-8 text are not
    if not count or multibyte < 2 * count:
        return None
    offsets: list[int] = []
    pos = 0
    for ch in text:
        cp = ord(ch)
        if 0xDC80 <= cp <= 0xDCFF:
            offsets.append(pos)
            pos += 1
            if len(offsets) >= shown:
                break
        else:
            pos += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return count, offsets


def _finish(text: str, encoding: str, bom: bool, path: str, max_line: int) -> Decoded:
    if "\x00" in text:
        raise InputError("binary file (NUL characters); mt-repair reads text documents only", path=path)
    cr_only = "\r" in text and "\n" not in text
    _check_line_lengths(text.replace("\r", "\n") if cr_only else text, path, max_line)
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


STDIN = "-"
MAX_STDIN_BYTES = 64 * 1024 * 1024


def read_document_bytes(path: Path) -> bytes:
    """Regular files only (not FIFOs or devices); ``-`` reads standard input up to a size cap."""
    if str(path) == STDIN:
        data = _read_stdin()
    else:
        try:
            st = path.stat()
        except FileNotFoundError:
            raise InputError("no such file", path=str(path)) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a document", path=str(path))
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                "is not a regular file (a FIFO, device or socket); use - to read standard input",
                path=str(path),
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not data.strip():
        raise InputError("file is empty", path=str(path))
    return data


def _read_stdin(limit: int = MAX_STDIN_BYTES) -> bytes:
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("standard input is not readable", path=STDIN)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise InputError(f"standard input is larger than {limit:,} bytes; not read", path=STDIN)
    return b"".join(chunks)


def read_text(path: Path, encoding: str | None = None) -> Decoded:
    data = read_document_bytes(path)
    decoded = decode(data, str(path), encoding=encoding)
    stamp: FileStamp | None = None
    if str(path) != STDIN:
        try:
            stamp = FileStamp.of(path, data)
        except OSError:
            stamp = None
    return Decoded(decoded.text, decoded.encoding, decoded.bom, decoded.newline, stamp)


def check_output_targets(inputs: Sequence[Path], targets: Sequence[Path]) -> None:
    """Refuse output paths that are an input, or that two inputs map to (nothing is written)."""
    sources = {Path(os.path.realpath(p)): p for p in inputs}
    seen: dict[Path, Path] = {}
    for src, target in zip(inputs, targets, strict=True):
        real = Path(os.path.realpath(target))
        if real in sources:
            raise ConfigError(
                f"--output-dir would overwrite the input {sources[real]} (with the fix of {src}); "
                "nothing written"
            )
        if real in seen:
            raise ConfigError(f"--output-dir maps both {seen[real]} and {src} to {target}; nothing written")
        seen[real] = src


TEMP_MARK = ".mt-repair-"
STALE_TEMP_SECONDS = 3600.0


def _temp_prefix(name: str) -> str:
    return f".{name}{TEMP_MARK}"


def clean_stale_temps(folder: Path, name: str, max_age: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temp files an interrupted write left next to ``name`` (older than max_age seconds)."""
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = list(folder.glob(f"{_temp_prefix(name)}*.tmp"))
    except OSError:
        return removed
    for tmp in candidates:
        try:
            st = tmp.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= max_age:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def atomic_write(
    path: Path, data: bytes, *, expect: FileStamp | None = None, allow_readonly: bool = False
) -> None:
    """Temp file in the same folder, fsync, then ``os.replace``; keeps the file mode and owner.

    A symlink is written through (its target is replaced, the link stays). A read-only file is
    refused unless ``allow_readonly``. With ``expect``, refuses when the file changed since it was
    read. Temp files are named ``.NAME.mt-repair-*.tmp``; stale ones are removed first.
    """
    if str(path) == STDIN:
        raise WriteError("standard input cannot be written in place; use --diff or --output-dir", path=STDIN)
    path = Path(os.path.realpath(path))
    folder = path.parent
    mode: int | None = None
    owner: tuple[int, int] | None = None
    try:
        st = path.stat()
    except NotADirectoryError:
        raise WriteError("cannot write: a parent is not a folder", path=str(path)) from None
    except FileNotFoundError:
        st = None
        # a new file gets the usual permissions, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise WriteError("is not a regular file; not written", path=str(path))
        mode = stat.S_IMODE(st.st_mode)
        owner = (st.st_uid, st.st_gid)
        if not allow_readonly and not (mode & 0o222 and os.access(path, os.W_OK)):
            raise WriteError("is read-only; not written (make it writable to fix it)", path=str(path))
    if expect is not None:
        _check_unchanged(path, expect)
    clean_stale_temps(folder, path.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown"):
            tst = os.stat(tmp)
            if (tst.st_uid, tst.st_gid) != owner:
                try:
                    os.chown(tmp, *owner)
                except OSError:
                    pass
        if expect is not None:
            _check_unchanged(path, expect)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None
        raise
    try:  # make the rename durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def check_writable(paths: Sequence[Path]) -> None:
    """Decide up front that every output can be written, so no file is written before another
    one fails: an existing target must be a writable regular file, a new one needs a folder."""
    for target in paths:
        if str(target) == STDIN:
            raise WriteError(
                "standard input cannot be written in place; use --diff or --output-dir", path=STDIN
            )
        real = Path(os.path.realpath(target))
        if real.exists() or real.is_symlink():
            if not real.is_file():
                raise WriteError("is not a regular file; not written", path=str(target))
            mode = stat.S_IMODE(real.stat().st_mode)
            if not (mode & 0o222 and os.access(real, os.W_OK)):
                raise WriteError("is read-only; not written (make it writable to fix it)", path=str(target))
            continue
        folder = real.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise WriteError(f"cannot write: {folder} is not a folder", path=str(target))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WriteError(f"cannot write: no permission to create files in {folder}", path=str(target))


def _check_unchanged(path: Path, expect: FileStamp) -> None:
    try:
        st = path.stat()
        same = st.st_size == expect.size and st.st_mtime_ns == expect.mtime_ns
        if same:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == expect.sha256
    except FileNotFoundError:
        same = False
    if not same:
        raise WriteError(
            "changed on disk since it was read; not written (run again to fix the new version)",
            path=str(path),
        )
