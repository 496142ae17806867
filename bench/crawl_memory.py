"""Peak RSS of an incremental `crawler crawl` of one replica portal as the stored count grows.

    python bench/crawl_memory.py [--sizes 100000,1000000]

One replica portal (nukeviet) is served in this process. Two SQLite databases, each first given
one full crawl of the portal (so that the measured crawl is incremental), then grown in steps:
  OTHER  N articles of 60 other portals (their URLs are never loaded by this portal's spider);
  SAME   N articles whose URLs belong to the crawled portal (site_id replica-nukeviet), first seen
         in 2024-25: an archive, past its revisits, that the crawl must neither load nor fetch.
At each size an incremental crawl runs as a subprocess; its peak RSS is ru_maxrss from wait4()
(the largest of the crawl process and its extraction workers). The crawl must fetch the same pages
as at N = 0 and store nothing new.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_store import fill  # noqa: E402
from replica import ReplicaServer  # noqa: E402
from storage import open_database  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
SITE = "replica-nukeviet"


def crawl(sites: Path, db: str, *extra: str) -> tuple[float, float, str]:
    """(peak RSS MiB, seconds, stderr tail) of one crawl subprocess."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db, "--progress", "0",
             *FAST, *extra],
            cwd=ROOT, stdout=out, stderr=err,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:]
        out.seek(0)
        summary = out.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"crawl failed ({proc.returncode}): {tail}")
    return usage.ru_maxrss / 1024, seconds, summary


def _new_count(summary: str) -> str:
    """The "new" column of the crawl summary's row for the site."""
    for line in summary.splitlines():
        if line.startswith(SITE):
            return line.split()[3]
    return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    rows: list[tuple[str, int, float, float, str]] = []
    with ReplicaServer(["nukeviet"]) as server, tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        sites = Path(tmp) / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        base = server.base_url("nukeviet")
        for kind in ("other", "same"):
            url = f"sqlite:///{tmp}/{kind}.sqlite"
            crawl(sites, url, "--full")  # the portal's own stories: the measured crawls are incremental
            db = open_database(url)
            filled = 0
            try:
                for size in [0, *sizes]:
                    if size > filled:
                        log(f"[{kind}] filling to {size:,} ...")
                        if kind == "other":
                            fill(db, size - filled, first=1_000 + filled, log=log)
                        else:
                            fill(db, size - filled, first=1_000 + filled, log=log, site=SITE,
                                 url_prefix=f"{base}/tin-tuc/bai-cu-so-")
                        filled = size
                    server.reset_log()
                    rss, seconds, summary = crawl(sites, url)
                    requests = len(server.request_log)
                    new = _new_count(summary)
                    note = f"{requests} requests, {new} new"
                    rows.append((kind, size, rss, seconds, note))
                    log(f"  {kind} {size:,}: {rss:.0f} MiB, {seconds:.1f}s, {note}")
            finally:
                db.dispose()

    print("peak RSS of an incremental `crawler crawl` of one replica portal (nukeviet, SQLite), "
          "database holding N other stored articles")
    print(f"{'articles':<22}{'N':>10}{'peak RSS':>12}{'wall':>8}  notes")
    zero = {kind: next(r[2] for r in rows if r[0] == kind and r[1] == 0) for kind in ("other", "same")}
    for kind, size, rss, seconds, note in rows:
        label = "of other sites" if kind == "other" else "of the SAME site"
        print(f"{label:<22}{size:>10,}{rss:>8.0f} MiB{seconds:>7.1f}s  {note}")
    for size in sizes:
        same = next(r[2] for r in rows if r[0] == "same" and r[1] == size)
        other = next(r[2] for r in rows if r[0] == "other" and r[1] == size)
        print(f"N = {size:,}: other sites +{other - zero['other']:.0f} MiB over N = 0; same site "
              f"+{same - zero['same']:.0f} MiB = {(same - zero['same']) / (size / 100_000):.1f} MiB"
              " per 100k known URLs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
