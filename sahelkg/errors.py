"""Errors a user can cause and fix: the CLI prints them as one line on stderr and exits 1."""

from __future__ import annotations


class SahelkgError(Exception):
    """A user-facing failure: bad file, bad query, unreadable store. Message says what and where."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.where}: {msg}" if self.where else msg


class LetterError(SahelkgError):
    """A letter could not be read (missing, empty, binary, truncated, undecodable)."""


class StoreError(SahelkgError):
    """The store is missing, corrupt, locked or unwritable."""


class QueryError(SahelkgError):
    """A SPARQL query is malformed or not allowed."""
