"""Real ``dask scheduler`` and ``dask worker`` processes for the cluster tests, and throwaway TLS files.

:class:`DaskProcesses` starts a scheduler on 127.0.0.1 (a port the OS picks, read back from its
scheduler file) and workers without nannies (one thread each), so that killing a worker's process
kills the worker. Every process runs this checkout's code (``PYTHONPATH``) unless a worker is
given another ``pythonpath``. :func:`make_tls_files` writes a CA and a certificate signed by it
with the ``openssl`` command; :func:`figures` is what two builds of one city must share.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.programs import require_programs

__all__ = ["DaskProcesses", "TlsFiles", "figures", "make_tls_files"]

ROOT = Path(__file__).resolve().parent.parent
DASK = str(Path(sys.executable).parent / "dask")
START_TIMEOUT_S = 180.0   # a loaded 2-core machine takes a while to import distributed


def figures(manifest: dict) -> dict:
    """A manifest's scenario metrics and layer statistics, without run times (which differ per build)."""
    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if "seconds" not in k}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    return {"scenarios": plain(manifest["scenarios"]),
            "layers": {layer["id"]: plain(layer.get("stats", {})) for layer in manifest["layers"]}}


@dataclass(frozen=True)
class TlsFiles:
    """PEM files: the CA certificate, and one certificate and key signed by it (for every role)."""

    ca: Path
    cert: Path
    key: Path

    def options(self) -> list[str]:
        """The ``dask scheduler`` / ``dask worker`` options that use these files."""
        return ["--tls-ca-file", str(self.ca), "--tls-cert", str(self.cert), "--tls-key", str(self.key)]

    def environ(self) -> dict[str, str]:
        """The build's variables naming these files (``layers.cluster.security``)."""
        return {"TWIN_DASK_TLS_CA": str(self.ca), "TWIN_DASK_TLS_CERT": str(self.cert),
                "TWIN_DASK_TLS_KEY": str(self.key)}


def make_tls_files(folder: Path) -> TlsFiles:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it (README, "Running a build on a cluster")."""
    require_programs("openssl", packages="openssl")
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    cert, key, request = folder / "cert.pem", folder / "key.pem", folder / "cert.csr"
    ext = folder / "ext.cnf"
    ext.write_text("subjectAltName = IP:127.0.0.1, DNS:localhost\n", encoding="utf-8")
    for command in (
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=urban-twin test CA",
         "-keyout", ca_key, "-out", ca],
        ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", request],
        ["x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
         "-extfile", ext, "-out", cert],
    ):
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True, timeout=60)
    return TlsFiles(ca, cert, key)


@dataclass
class DaskProcesses:
    """A scheduler and workers as child processes; use as a context manager.

    Parameters
    ----------
    folder
        Where the scheduler file and the logs go.
    workers
        How many workers to start with.
    tls
        Certificates: the scheduler and workers then speak ``tls://`` only.
    """

    folder: Path
    workers: int = 2
    tls: TlsFiles | None = None
    address: str = ""
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def environ(self, pythonpath: Path = ROOT) -> dict[str, str]:
        """Environment of a worker (or build) running the code under ``pythonpath``."""
        return dict(os.environ, PYTHONPATH=str(pythonpath), NUMBA_NUM_THREADS="1", OMP_NUM_THREADS="1",
                    AEQ_SHOW_PROGRESS="FALSE")

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        with (self.folder / f"{name}.log").open("w") as log:   # the child keeps its own descriptor
            process = subprocess.Popen(command, cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes[name] = process
        return process

    def __enter__(self) -> DaskProcesses:
        """Start the scheduler, wait for its address, start the workers (not waiting for them)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        file = self.folder / "scheduler.json"
        tls = self.tls.options() if self.tls else []
        protocol = ["--protocol", "tls"] if self.tls else []
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(file), *protocol, *tls], self.environ())
        deadline = time.monotonic() + START_TIMEOUT_S
        while not file.is_file() or not file.read_text(encoding="utf-8").strip():
            if self.processes["scheduler"].poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"dask scheduler did not start: {self.log('scheduler')}")
            time.sleep(0.2)
        self.address = json.loads(file.read_text(encoding="utf-8"))["address"]
        for k in range(self.workers):
            self.start_worker(f"worker-{k}")
        return self

    def start_worker(self, name: str, *, pythonpath: Path = ROOT) -> subprocess.Popen:
        """Start ``dask worker`` (no nanny, one thread, on 127.0.0.1) running the code under ``pythonpath``."""
        tls = self.tls.options() if self.tls else []
        return self._start(name, [DASK, "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                                  "--no-dashboard", "--host", "127.0.0.1", *tls], self.environ(pythonpath))

    def log(self, name: str) -> str:
        """The end of a process's output."""
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")[-3000:]

    def __exit__(self, *exc: object) -> None:
        """Stop every process started (SIGTERM, then SIGKILL after 10 s)."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
