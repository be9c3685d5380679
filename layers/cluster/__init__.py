"""Scenario runs on Dask distributed: a ``LocalCluster`` on this machine, or a real scheduler.

Every model run of a build (``layers.executor``: a picklable task and a pure function) goes to
Dask distributed (Rocklin 2015, https://distributed.dask.org): by default a ``LocalCluster`` that
listens on 127.0.0.1 only; a scheduler named by ``TWIN_DASK_SCHEDULER`` or ``twin build
--scheduler``; or, with ``processes``, the process pool of ``layers.executor`` without Dask.

Dask's wire protocol carries pickles, so whoever reaches a scheduler runs code on it and on its
clients: :mod:`~layers.cluster.address` refuses a plain ``tcp://`` address off the loopback before
anything connects, :mod:`~layers.cluster.security` demands certificates for ``tls://``,
:mod:`~layers.cluster.versions` refuses workers running other urban-twin code,
:mod:`~layers.cluster.session` opens and closes the client (and the local cluster), and
:mod:`~layers.cluster.runner` submits the runs with retries and counts finished ones.

Importing this package (and :mod:`~layers.cluster.address`, :mod:`~layers.cluster.errors`)
imports nothing of Dask: a web worker never loads it, and a refused address fails before it.
"""

from __future__ import annotations

from layers.cluster.address import LOCAL, PROCESSES, SchedulerAddress, scheduler_address
from layers.cluster.errors import ClusterError

__all__ = ["LOCAL", "PROCESSES", "ClusterError", "SchedulerAddress", "scheduler_address"]
