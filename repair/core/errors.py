"""Errors that reach the user; each names the file and, where known, the place."""

from __future__ import annotations


class RepairError(Exception):
    """Base for errors reported as a message with exit status 2."""

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        super().__init__(message)

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        msg = self.args[0]
        return f"{where}: {msg}" if where else str(msg)


class InputError(RepairError):
    """A document cannot be read, decoded or parsed."""


class GlossaryError(RepairError):
    """The glossary is malformed, schema-invalid or inconsistent."""


class ConfigError(RepairError):
    """Configuration or usage is wrong."""


class FixLoopError(RepairError):
    """Applying fixes did not converge."""


class WriteError(RepairError, OSError):
    """A file is not written: read-only, not a regular file, or changed since it was read."""
