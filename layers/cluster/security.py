"""TLS for a ``tls://`` scheduler: the client's certificate, key and the CA that signed the cluster's.

The files are named by ``TWIN_DASK_TLS_CA``, ``TWIN_DASK_TLS_CERT`` and ``TWIN_DASK_TLS_KEY``, else
by Dask's own configuration (``distributed.comm.tls.ca-file``, ``.client.cert``, ``.client.key``,
e.g. ``DASK_DISTRIBUTED__COMM__TLS__CA_FILE``). Encryption is required on every connection
(``require_encryption``), and the scheduler's certificate must be signed by the CA
(https://distributed.dask.org/en/stable/tls.html). The README shows how to make the files.
"""

from __future__ import annotations

import os
from pathlib import Path

import dask
from distributed.security import Security

from layers.cluster.address import SchedulerAddress
from layers.cluster.errors import ClusterError

__all__ = ["TLS_VARIABLES", "client_security"]

TLS_VARIABLES = {"ca": "TWIN_DASK_TLS_CA", "cert": "TWIN_DASK_TLS_CERT", "key": "TWIN_DASK_TLS_KEY"}
DASK_KEYS = {"ca": "distributed.comm.tls.ca-file", "cert": "distributed.comm.tls.client.cert",
             "key": "distributed.comm.tls.client.key"}


def client_security(address: SchedulerAddress) -> Security | None:
    """The client's ``Security`` for a ``tls://`` address (None for other kinds).

    Raises
    ------
    ClusterError
        A file not named, or named but missing.
    """
    if address.kind != "tls":
        return None
    files = {}
    for role, variable in TLS_VARIABLES.items():
        value = os.environ.get(variable, "").strip() or dask.config.get(DASK_KEYS[role], None)
        if not value:
            raise ClusterError(str(address), f"a tls:// scheduler needs the client's {role} file, and none is set.",
                               "Set " + ", ".join(f"{v}" for v in TLS_VARIABLES.values()) + " to the CA "
                               "certificate, this client's certificate and its key (README, \"Running a build "
                               "on a cluster\").")
        if not Path(value).is_file():
            raise ClusterError(str(address), f"the TLS {role} file {value} does not exist.",
                               f"Point {variable} at an existing PEM file.")
        files[role] = value
    return Security(tls_ca_file=files["ca"], tls_client_cert=files["cert"], tls_client_key=files["key"],
                    require_encryption=True)
