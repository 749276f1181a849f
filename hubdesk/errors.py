"""The error types a user can cause. Their message is a sentence that says what to do."""

from __future__ import annotations


class HubdeskError(Exception):
    """Base of every error hubdesk shows to a person instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class DomainError(HubdeskError):
    """A rule of the domain was broken. `field` names the input at fault, when there is one;
    `conflict` carries the id of a conflicting record (a booking, a window) when there is one."""

    def __init__(self, message: str, *, field: str | None = None, conflict: object | None = None,
                 code: str | None = None):
        super().__init__(message)
        self.field = field
        self.conflict = conflict
        self.code = code


class DatabaseProblem(HubdeskError):
    """The database cannot be opened or written: not a database, locked, read-only, newer schema..."""


class UsageError(HubdeskError):
    exit_code = 2
