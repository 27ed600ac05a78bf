"""Errors the workbench raises, each carrying one sentence a guider can act on."""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """Base class: ``str(error)`` is always a plain, human sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(WorkbenchError, ValueError):
    """Something a guider typed or chose cannot be accepted as it is."""


class FamilyNotFound(WorkbenchError):
    def __init__(self, code: str):
        super().__init__(f"There is no family with the code {code} in this store.")
        self.code = code


class FamilyErased(FamilyNotFound):
    """The family was erased while this was under way: nothing of it may be written again."""

    def __init__(self, code: str):
        WorkbenchError.__init__(self, f"Family {code} has been erased, so nothing more can be saved for it.")
        self.code = code


class FamilyExists(WorkbenchError):
    def __init__(self, code: str):
        super().__init__(
            f"A family with the code {code} already exists. Choose another code."
        )
        self.code = code


class StoreUnreadable(WorkbenchError):
    """A family's store file exists but cannot be read; it is never overwritten."""

    def __init__(self, code: str, path: Path, reason: str):
        super().__init__(
            f"Family {code}'s records could not be read ({reason}). "
            f"The file has been left untouched for recovery: {path}"
        )
        self.code = code
        self.path = path
        self.reason = reason


class StoreBusy(WorkbenchError):
    def __init__(self, code: str):
        super().__init__(
            f"Family {code} is being saved from another window and did not free up in time. "
            "Nothing was lost; please try again."
        )
        self.code = code


class StorageFull(WorkbenchError):
    def __init__(self, what: str):
        super().__init__(
            f"There is not enough free disk space to save {what}. "
            "Free some space and try again; the previous version is unchanged."
        )


class FilmRejected(WorkbenchError):
    """A film cannot be added; the message says what is wrong and what to do."""
