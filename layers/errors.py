"""Errors raised for bad city input.

Every message names the file (and, where it helps, the feature or field) and says how to fix it,
in the style of osmnx: ``InputError`` subclasses ``ValueError`` so callers that only know
``ValueError`` still catch it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError"]


class InputError(ValueError):
    """Bad city input: what is wrong, where, and how to fix it.

    Parameters
    ----------
    path
        The file (or folder) the problem is in.
    problem
        What is wrong, in one sentence.
    fix
        What the user should do about it.
    field
        The feature, field or setting concerned, if any.
    """

    def __init__(self, path: Path | str, problem: str, fix: str, *, field: str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        self.field = field
        where = f"{self.path}" + (f" [{field}]" if field else "")
        super().__init__(f"{where}: {problem} Fix: {fix}")
