"""Which scheduler a build's runs go to, and whether that address may be used at all.

An address is ``local`` (a ``LocalCluster`` on 127.0.0.1, the default), ``processes`` (the
process pool of ``layers.executor``, no Dask), or a scheduler URL. Dask's protocol deserialises
pickles (https://distributed.dask.org/en/stable/protocol.html), so anyone who reaches a scheduler
runs code on it and on every client. The policy, checked on the text alone — before Dask is
imported and before any socket is opened:

* ``tls://host:port`` anywhere (the certificates are demanded by ``layers.cluster.security``);
* ``tcp://`` (or no scheme) only on a loopback address written as such (127.0.0.0/8, ``::1``,
  ``localhost``): a host name is not resolved, since that would ask a name server first;
* anything else (``ws://``, ``inproc://``, ``ucx://``, a ``tcp://`` address elsewhere) refused
  with a message saying why.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from layers.cluster.errors import ClusterError

__all__ = ["LOCAL", "PROCESSES", "SchedulerAddress", "scheduler_address"]

LOCAL = "local"
"""A ``LocalCluster`` of worker processes on this machine, listening on 127.0.0.1 only."""

PROCESSES = "processes"
"""The process pool of ``layers.executor`` (no Dask): the baseline of the bench and the tests."""

TLS_FIX = ("Reach a scheduler on another machine through tls:// with certificates (README, \"Running a build "
           "on a cluster\"), or through an SSH tunnel to a tcp://127.0.0.1 port.")


@dataclass(frozen=True)
class SchedulerAddress:
    """A checked scheduler address.

    Attributes
    ----------
    kind
        ``local``, ``processes``, ``tcp`` (loopback) or ``tls``.
    url
        The URL to connect to (empty for ``local`` and ``processes``).
    """

    kind: str
    url: str = ""

    @property
    def remote(self) -> bool:
        """True for a scheduler the build connects to (``tcp`` or ``tls``)."""
        return self.kind in ("tcp", "tls")

    def __str__(self) -> str:
        """The URL, or the kind (``local``, ``processes``)."""
        return self.url or self.kind


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False   # a host name: not resolved here (that would contact a name server)


def scheduler_address(text: str | None) -> SchedulerAddress:
    """Check a scheduler address against the policy of this module.

    Parameters
    ----------
    text
        ``local`` (or empty/None), ``processes``, ``tls://host:port`` or a loopback
        ``tcp://127.0.0.1:port``.

    Raises
    ------
    ClusterError
        A scheme other than tcp/tls, a ``tcp://`` address off the loopback, or no port.
    """
    text = (text or "").strip()
    if text.lower() in ("", LOCAL):
        return SchedulerAddress(LOCAL)
    if text.lower() == PROCESSES:
        return SchedulerAddress(PROCESSES)
    url = text if "://" in text else f"tcp://{text}"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if scheme not in ("tcp", "tls"):
        raise ClusterError(text, f"the scheme {scheme}:// is not supported.",
                           f"Use tls://host:port, tcp://127.0.0.1:port, {LOCAL!r} or {PROCESSES!r}.")
    if not host or port is None or parts.path not in ("", "/"):
        raise ClusterError(text, "this is not a scheduler address (scheme://host:port).",
                           "Give it as tls://host:8786 or tcp://127.0.0.1:8786.")
    if scheme == "tcp" and not _is_loopback(host):
        raise ClusterError(text, f"refused before connecting: plain tcp:// to {host} is unencrypted and "
                           "unauthenticated, and Dask's protocol carries pickles, so whoever reaches the "
                           "scheduler runs code on it and on this machine.", TLS_FIX)
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return SchedulerAddress(scheme, f"{scheme}://{netloc}")
