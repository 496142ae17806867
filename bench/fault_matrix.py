"""The fault matrix: one real crawl per fault portal, and what each cost and kept.

    python bench/fault_matrix.py [FAULT ...]

Each row is a `python -m crawler crawl` subprocess against one loopback fault portal
(bench.faults), into its own SQLite file, with the test settings (no delay,
2 s download time-out, 3 retries). Columns: requests the portal saw (budget: what a
correct crawl needs plus what the fault costs), good articles captured / expected,
stories stored twice and good articles lost (both must be 0), wall time of the crawl,
and what the run record (crawl_runs.outcome, .errors, .failures) says failed.
Exit code 1 when a fault was not handled.
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.faults import FAULTS, FaultRun, FaultServer, crawl_fault

HEADERS = ("fault", "requests", "captured", "twice", "lost", "time", "ok", "run record: outcome, errors, failures")
RECORD_WIDTH = 100


def rows(runs: list[FaultRun]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for run in runs:
        record = f"{run.outcome}, {run.errors} errors; {run.failures or '(no failure recorded)'}"
        out.append((
            run.name,
            f"{run.requests}/{run.budget}",
            f"{run.captured}/{run.expected}",
            str(run.stored_twice),
            str(len(run.lost)),
            f"{run.seconds:.1f}s",
            "yes" if run.ok else "NO",
            record,
        ))
    return out


def render(runs: list[FaultRun], base_urls: dict[str, str]) -> str:
    table = rows(runs)
    widths = [max(len(HEADERS[i]), *(len(r[i]) for r in table)) for i in range(len(HEADERS) - 1)]
    indent = sum(widths) + 2 * len(widths)
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=False)) + "  " + HEADERS[-1]]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(HEADERS[-1]))
    for run, row in zip(runs, table, strict=True):
        # Ports change every run; paths are what a reader compares.
        record = row[-1].replace(base_urls[run.name], "")
        wrapped = textwrap.wrap(record, RECORD_WIDTH, break_on_hyphens=False, break_long_words=False) or [""]
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:], strict=True)]
        lines.append("  ".join(cells) + "  " + wrapped[0])
        lines.extend(" " * indent + more for more in wrapped[1:])
    lines.append("")
    for run in runs:
        lines.append(f"{run.name}: {run.fault}")
        for problem in run.problems():
            lines.append(f"  ! {problem}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    names = argv or list(FAULTS)
    with FaultServer(names) as server, tempfile.TemporaryDirectory(prefix="fault-matrix-") as tmp:
        runs = []
        for name in names:
            print(f"crawling {name} ...", file=sys.stderr, flush=True)
            runs.append(crawl_fault(server, name, Path(tmp), timeout=120))
        print(render(runs, {name: server.base_url(name) for name in names}))
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
