"""Private database servers for outage tests and the soak: a PostgreSQL cluster or a Redis server of
our own, on a free loopback port in a temporary directory, that a test may kill -9 and start again.

    with PrivatePostgres() as pg:
        pg.url            # postgresql+psycopg://postgres@127.0.0.1:PORT/test (trust auth)
        pg.kill()         # SIGKILL the postmaster (its backends die with it); pg.start() again
    with PrivateRedis() as rd:
        rd.url            # redis://127.0.0.1:PORT/0, append-only file fsynced at every write
        rd.stop(); rd.start()   # a restart (SIGTERM); rd.kill() for SIGKILL

The shared servers of the machine (127.0.0.1:5432 and :6379) are never touched. PostgreSQL refuses
to run as root, so under root its commands run as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for directory in PG_BIN_DIRS:
        if (directory / name).exists():
            return str(directory / name)
    raise FileNotFoundError(f"{name}: PostgreSQL server binaries not found (install postgresql)")


def _alive(pid: int) -> bool:
    """Running, and not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


class PrivatePostgres:
    """A throw-away PostgreSQL cluster: initdb once, then start, kill -9 and start again at will."""

    def __init__(self, database: str = "test") -> None:
        self.database = database
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="private-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120)
        if check and done.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(argv[:1])} failed ({done.returncode}): {done.stderr.strip()}\n{log}")
        return done

    def init(self) -> None:
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
        self._run(_pg_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.root}'\n"
                       # A killed server keeps what the OS has (no fsync needed for that); a commit is
                       # in the OS before it returns (synchronous_commit stays on: off loses commits).
                       "fsync = off\nfull_page_writes = off\n")

    def start(self, timeout: float = 60.0) -> None:
        self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(int(timeout)),
                  "start")
        if not self._database_exists():
            self._run(_pg_binary("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                      self.database)

    def _database_exists(self) -> bool:
        listed = self._run(_pg_binary("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-Atc",
                           f"select 1 from pg_database where datname = '{self.database}'", check=False)
        return listed.stdout.strip() == "1"

    def pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            return int(pidfile.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def kill(self) -> None:
        """kill -9 the postmaster and its backends, as the OOM killer would; wait until the port is closed."""
        pid = self.pid()
        if pid is None:
            return
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        for target in [pid, *map(int, children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(target, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (self._listening() or _alive(pid)):
            time.sleep(0.05)
        # A dead postmaster's lock file stays behind. Where nobody reaps orphans (PID 1 of a
        # container), the killed process lingers as a zombie that PostgreSQL takes for a live
        # server, so the stale files go, as an operator would remove them.
        for stale in (self.data / "postmaster.pid", self.root / f".s.PGSQL.{self.port}.lock",
                      self.root / f".s.PGSQL.{self.port}"):
            stale.unlink(missing_ok=True)

    def _listening(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        if self.pid() is not None:
            self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)

    def __enter__(self) -> PrivatePostgres:
        self.init()
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A throw-away redis-server whose data survives a restart (appendonly, fsync always)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="private-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 30.0) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.root), "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--logfile", str(self.root / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {(self.root / 'redis.log').read_text()[-2000:]}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.exceptions.RedisError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def __enter__(self) -> PrivateRedis:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)
