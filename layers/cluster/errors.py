"""The error of a build that cannot use its Dask scheduler: what is wrong, which address, the fix."""

from __future__ import annotations

__all__ = ["ClusterError"]


class ClusterError(RuntimeError):
    """The scheduler is refused, unreachable, has no usable workers, or the runs failed on it.

    Parameters
    ----------
    address
        The scheduler address as given (``TWIN_DASK_SCHEDULER`` or ``--scheduler``).
    problem
        What is wrong, in one sentence.
    fix
        What the user should do about it.
    """

    def __init__(self, address: str, problem: str, fix: str) -> None:
        self.address = address
        self.problem = problem
        self.fix = fix
        super().__init__(f"Dask scheduler {address}: {problem} Fix: {fix}")
