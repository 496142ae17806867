"""A long soak of the whole deployment: the real scheduler (distributed), two workers, PostgreSQL and Redis,
the replica and some fault portals, stories published all along, one PostgreSQL and one Redis restart.

    python bench/soak.py --minutes 30

Everything runs on loopback: a private PostgreSQL cluster and a private Redis server (bench/servers.py,
so they can be killed), the three replica portals and four fault portals. `scheduler.py --distributed`
places each site's runs (replica portals adaptive between 10 s and 60 s, fault portals fixed at 30 s) and
feeds Redis; two `crawler worker` processes crawl. A new story is published on a replica portal every
`--publish-every` seconds until two minutes before the end. At a third of the time PostgreSQL is killed
(SIGKILL) and started again 8 s later; at two thirds Redis is stopped and started again 5 s later.

At the end the scheduler and the workers get SIGTERM; then one ordinary `crawler crawl` of the replica
portals catches up what the last runs had not reached. Printed: runs by outcome, stories expected and
stored (by the soak itself, and after the catch-up: 0 lost, 0 stored twice), the scheduler's RSS and
open file descriptors after the first minute and at the end, and processes left behind (0).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crash_trials import duplication_problems, snapshot  # noqa: E402
from bench.faults import FaultServer  # noqa: E402
from bench.servers import PrivatePostgres, PrivateRedis  # noqa: E402
from crawler.core.dates import TZ  # noqa: E402
from crawler.core.urls import canonicalize  # noqa: E402
from replica import ReplicaServer  # noqa: E402
from storage import RunRepository, open_database  # noqa: E402

FAULTS = ["burst-503", "timeout-first-try", "connection-reset", "outage"]
REPLICA_KEYS = 'interval = "20s"\nmin_interval = "10s"\nmax_interval = "60s"\ndownload_delay = 0.2\n'
FAULT_KEYS = 'polling = "fixed"\ninterval = "30s"\ndownload_delay = 0.0\n'


def proc_status(pid: int) -> tuple[float, int]:
    """(RSS MiB, open file descriptors) of a live process."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def processes_mentioning(marker: str) -> list[int]:
    """Live processes whose command line holds `marker` (this soak's sites file)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        if marker in cmdline and "State:\tZ" not in state:
            found.append(int(entry))
    return found


class Publisher(threading.Thread):
    """Publishes a new story on a replica portal every `every` seconds until stopped."""

    def __init__(self, server: ReplicaServer, every: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.published = 0

    def run(self) -> None:
        state = self.server.replica
        while not self.stop.wait(self.every):
            portal = self.rng.choice(self.server.portals)
            n = self.published + 1
            words = f"số {n} của đợt cao điểm bảo đảm an ninh trật tự"
            blocks = (f"Tin {words}: lực lượng Công an đã triển khai đồng bộ các biện pháp bảo đảm an ninh trật tự, "
                      "tăng cường tuần tra kiểm soát, nắm chắc tình hình địa bàn và xử lý kịp thời các vụ việc.",
                      f"Kết quả ({words}), nhiều vụ việc được phát hiện, ngăn chặn từ sớm, góp phần giữ vững ổn "
                      "định tình hình an ninh, trật tự, tạo môi trường an toàn cho người dân.")
            state.publish(dataclasses.replace(
                state.posts(portal)[0], id=state.next_id(portal), title=f"Tin {words} trên địa bàn", lead=None,
                blocks=blocks, story=None, updated=None, quirks=frozenset(),
                published=datetime.now(TZ).replace(microsecond=0)))
            self.published += 1


def replica_stories(server: ReplicaServer) -> dict[str, set[str]]:
    stories: dict[str, set[str]] = {}
    for exp in server.expected_articles():
        stories.setdefault(exp.story, set()).add(canonicalize(server.base_url(exp.portal) + exp.path))
    return stories


Snapshot = dict[int, tuple[str, frozenset[str]]]


def replica_only(snap: Snapshot, server: ReplicaServer) -> Snapshot:
    bases = tuple(server.base_url(p) for p in server.portals)
    return {i: (h, urls) for i, (h, urls) in snap.items() if any(u.startswith(bases) for u in urls)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--publish-every", type=float, default=45.0)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--logs", type=Path, help="keep the scheduler's and workers' logs in this directory")
    args = parser.parse_args()
    seconds = args.minutes * 60
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp, PrivatePostgres() as pg, PrivateRedis() as rd, \
            ReplicaServer() as replica, FaultServer(FAULTS) as faults:
        workdir = Path(tmp)
        open_database(pg.url).dispose()
        sites = workdir / "soak-sites.toml"
        blocks = [f"[[sites]]\n{REPLICA_KEYS}{b}" for b in replica.sites_toml().split("[[sites]]\n")[1:]]
        blocks += [faults.sites_toml(name) + FAULT_KEYS for name in FAULTS]
        sites.write_text("\n".join(blocks), encoding="utf-8")
        env = {**os.environ, "REDIS_URL": rd.url, "CRAWLER_SPOOL_DIR": str(workdir / "spool"),
               "CRAWLER_REDIS_PREFIX": "soak"}
        logdir = args.logs or workdir
        logdir.mkdir(parents=True, exist_ok=True)
        logs = {name: open(logdir / f"{name}.log", "wb") for name in ("scheduler", "worker-1", "worker-2")}  # noqa: SIM115
        scheduler = subprocess.Popen([sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites), "--db", pg.url,
                                      "--distributed"], cwd=ROOT, env=env, stdout=logs["scheduler"],
                                     stderr=subprocess.STDOUT)
        workers = [subprocess.Popen([sys.executable, "-m", "crawler", "worker", "--sites", str(sites), "--db", pg.url,
                                     "--redis", rd.url, "--redis-prefix", "soak", "--progress", "0"],
                                    cwd=ROOT, env=env, stdout=logs[f"worker-{i}"], stderr=subprocess.STDOUT)
                   for i in (1, 2)]
        publisher = Publisher(replica, args.publish_every, args.seed)
        publisher.start()
        events: list[str] = []
        first = last = (0.0, 0)
        marks = {"pg": seconds / 3, "redis": 2 * seconds / 3, "sample": min(60.0, seconds / 4),
                 "quiet": max(seconds - 120, seconds * 0.8)}
        done: set[str] = set()
        try:
            while (elapsed := time.monotonic() - started) < seconds:
                if scheduler.poll() is not None or any(w.poll() is not None for w in workers):
                    events.append(f"{elapsed:.0f}s: a process exited early")
                    break
                if "sample" not in done and elapsed >= marks["sample"]:
                    first = proc_status(scheduler.pid)
                    done.add("sample")
                if "pg" not in done and elapsed >= marks["pg"]:
                    pg.kill()
                    time.sleep(8)
                    pg.start()
                    events.append(f"{elapsed:.0f}s: PostgreSQL killed, started again 8 s later")
                    done.add("pg")
                if "redis" not in done and elapsed >= marks["redis"]:
                    rd.stop()
                    time.sleep(5)
                    rd.start()
                    events.append(f"{elapsed:.0f}s: Redis stopped, started again 5 s later")
                    done.add("redis")
                if "quiet" not in done and elapsed >= marks["quiet"]:
                    publisher.stop.set()
                    done.add("quiet")
                time.sleep(1)
            last = proc_status(scheduler.pid) if scheduler.poll() is None else (0.0, 0)
        finally:
            publisher.stop.set()
            for proc in (scheduler, *workers):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            codes = []
            for proc in (scheduler, *workers):
                try:
                    codes.append(proc.wait(timeout=300))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    codes.append(proc.wait())
            for handle in logs.values():
                handle.close()
        time.sleep(2)
        leftover = processes_mentioning(str(sites))
        expected = replica_stories(replica)
        by_soak = replica_only(snapshot(pg.url), replica)
        db = open_database(pg.url)
        try:
            outcomes = Counter(r.outcome for r in RunRepository(db).recent(limit=100000))
        finally:
            db.dispose()
        only_replicas = [a for p in replica.portals for a in ("--site", f"replica-{p}")]
        catch_up = subprocess.run([sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", pg.url,
                                   "--progress", "0", *only_replicas],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        final = replica_only(snapshot(pg.url), replica)
        problems = duplication_problems(final, expected)
        tracebacks = sum((logdir / f"{name}.log").read_text(errors="replace").count("Traceback") for name in logs)
    minutes = (time.monotonic() - started) / 60
    print(f"soak: {minutes:.1f} min, seed {args.seed}, {len(FAULTS)} fault portals ({', '.join(FAULTS)}) "
          f"and {len(replica.portals)} replica portals; {publisher.published} stories published during the soak")
    for event in events:
        print(f"  {event}")
    print("runs by outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])))
    print(f"replica stories: {len(expected)} expected, {len(by_soak)} stored by the soak, {len(final)} after the "
          f"catch-up crawl (exit {catch_up.returncode}); problems: {len(problems)}")
    for problem in problems[:10]:
        print(f"  {problem}")
    print(f"scheduler RSS {first[0]:.0f} MiB at 1 min, {last[0]:.0f} MiB at the end; open fds {first[1]} -> {last[1]}")
    print(f"exit codes (scheduler, workers): {codes}; tracebacks in their logs: {tracebacks}; "
          f"processes left: {len(leftover)}")
    lost = sum(1 for p in problems if p.startswith("missing"))
    twice = len(problems) - lost
    ok = (not problems and not leftover and not tracebacks and all(c == 0 for c in codes)
          and catch_up.returncode == 0)
    print(f"SOAK minutes={minutes:.0f} runs={sum(outcomes.values())} lost={lost} twice={twice} "
          f"rss_start_mib={first[0]:.0f} rss_end_mib={last[0]:.0f} fds_start={first[1]} fds_end={last[1]} "
          f"leftover={len(leftover)} {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
