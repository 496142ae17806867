"""``python -m replica [portal ...]``: serve the replica portals until Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
import threading

from replica.model import PORTALS
from replica.server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m replica", description="Serve the replica portals on loopback until Ctrl-C."
    )
    parser.add_argument(
        "portals", nargs="*", metavar="portal", help=f"one of {', '.join(PORTALS)} (default: all)"
    )
    parser.add_argument("--toml", action="store_true", help="also print a sites.toml for the running portals")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.portals) - set(PORTALS))
    if unknown:
        parser.error(f"unknown portal(s): {', '.join(unknown)}")
    with ReplicaServer(args.portals or None) as server:
        for name in server.portals:
            print(
                f"{name:<9} {server.base_url(name)}   start: {' '.join(server.start_urls(name))}", flush=True
            )
        if args.toml:
            print("\n" + server.sites_toml(), flush=True)
        print("Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
