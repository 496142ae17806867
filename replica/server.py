"""Serve the replica portals on loopback, each on its own 127.0.0.x address so they are distinct hosts."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from replica import aspnet, modern, nukeviet
from replica.model import PORTALS, ExpectedArticle
from replica.state import Replica
from replica.web import Request, Response

log = logging.getLogger(__name__)


class PortalApp(Protocol):
    def handle(self, req: Request) -> Response: ...


@dataclass(frozen=True)
class PortalSpec:
    name: str
    display: str
    host: str
    server_header: str
    start_paths: tuple[str, ...]
    non_article_paths: tuple[str, ...]


SPECS: dict[str, PortalSpec] = {
    "nukeviet": PortalSpec(
        "nukeviet",
        "Công an tỉnh Vĩnh Phúc (replica, NukeViet)",
        "127.0.0.11",
        "nginx",
        tuple(nukeviet.START_PATHS),
        tuple(nukeviet.NON_ARTICLE_PATHS),
    ),
    "langson": PortalSpec(
        "langson",
        "Công an tỉnh Lạng Sơn (replica, ASP.NET)",
        "127.0.0.12",
        "Microsoft-IIS/10.0",
        tuple(aspnet.START_PATHS),
        tuple(aspnet.NON_ARTICLE_PATHS),
    ),
    "modern": PortalSpec(
        "modern",
        "Tin An ninh Trật tự (replica, unknown template)",
        "127.0.0.13",
        "openresty",
        tuple(modern.START_PATHS),
        tuple(modern.NON_ARTICLE_PATHS),
    ),
}

NON_ARTICLE_PATHS: dict[str, list[str]] = {name: list(spec.non_article_paths) for name, spec in SPECS.items()}


def _app(name: str, state: Replica) -> PortalApp:
    if name == "nukeviet":
        return nukeviet.NukeVietPortal(state)
    if name == "langson":
        return aspnet.AspNetPortal(state)
    return modern.ModernPortal(state)


def _check(portals: Iterable[str] | None) -> tuple[str, ...]:
    names = tuple(PORTALS if portals is None else portals)
    unknown = [n for n in names if n not in SPECS]
    if unknown:
        raise ValueError(f"unknown replica portal(s): {', '.join(unknown)}; known: {', '.join(PORTALS)}")
    return names


def expected_articles(portals: Iterable[str] | None = None) -> list[ExpectedArticle]:
    """Ground truth for the replica's initial content (after edits: ``ReplicaServer.expected_articles``)."""
    return Replica().expected(_check(portals))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections must not pin a thread forever

    # Set on a per-portal subclass.
    portal: str
    app: PortalApp
    owner: ReplicaServer

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        # Forms post back to the page (ASP.NET, contact forms); answering with the page is enough.
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        req = Request.parse(
            self.command, self.path, dict(self.headers.items()), self.owner.base_url(self.portal)
        )
        try:
            resp = self.app.handle(req)
        except Exception:
            log.exception("replica %s failed on %s", self.portal, self.path)
            resp = Response(500, b"Internal Server Error", [("Content-Type", "text/plain")])
        self.owner._log(self.portal, self.path, resp.status)
        self.send_response(resp.status)
        for key, value in resp.headers:
            self.send_header(key, value)
        if resp.status != 304:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if not head and resp.status != 304:
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.portal, format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: a crawler opening its connections at once overflows it,
    # and each dropped SYN costs the client a 1 s, then 3 s, retransmission. Real servers use 511.
    request_queue_size = 511


class ReplicaServer:
    """Run the replica portals in daemon threads; use as a context manager."""

    def __init__(self, portals: Iterable[str] | None = None, *, replica: Replica | None = None) -> None:
        self.portals = _check(portals)
        self.replica = replica if replica is not None else Replica()
        self.request_log: list[tuple[str, str, int]] = []
        self._log_lock = threading.Lock()
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._bases: dict[str, str] = {}

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        if self._servers:
            return
        try:
            for name in self.portals:
                handler = type(
                    f"_Handler_{name}",
                    (_Handler,),
                    {
                        "portal": name,
                        "app": _app(name, self.replica),
                        "owner": self,
                        "server_version": SPECS[name].server_header,
                    },
                )
                server = self._bind(SPECS[name].host, handler)
                host, port = server.server_address[:2]
                self._servers[name] = server
                self._bases[name] = f"http://{host!s}:{port}"
                thread = threading.Thread(target=server.serve_forever, name=f"replica-{name}", daemon=True)
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.stop()
            raise

    @staticmethod
    def _bind(host: str, handler: type[_Handler]) -> _Server:
        try:
            return _Server((host, 0), handler)
        except OSError:
            # Not every OS routes all of 127/8 to loopback (macOS does not): share 127.0.0.1 then.
            log.warning("cannot bind %s; falling back to 127.0.0.1", host)
            return _Server(("127.0.0.1", 0), handler)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        self._bases.clear()

    def __enter__(self) -> ReplicaServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------
    def base_url(self, portal: str) -> str:
        try:
            return self._bases[portal]
        except KeyError:
            raise KeyError(f"replica portal {portal!r} is not running") from None

    def start_urls(self, portal: str) -> list[str]:
        return [self.base_url(portal) + p for p in SPECS[portal].start_paths]

    def sites_toml(self) -> str:
        blocks = []
        for name in self.portals:
            urls = ", ".join(json.dumps(u) for u in self.start_urls(name))
            blocks.append(
                f"[[sites]]\nid = {json.dumps('replica-' + name)}\n"
                f"name = {json.dumps(SPECS[name].display, ensure_ascii=False)}\nstart_urls = [{urls}]\n"
            )
        return "\n".join(blocks)

    def expected_articles(self, portals: Iterable[str] | None = None) -> list[ExpectedArticle]:
        """Ground truth for the current (possibly edited) content."""
        return self.replica.expected(self.portals if portals is None else _check(portals))

    # -- request log ---------------------------------------------------------------------------
    def _log(self, portal: str, path: str, status: int) -> None:
        with self._log_lock:
            self.request_log.append((portal, path, status))

    def reset_log(self) -> None:
        with self._log_lock:
            self.request_log.clear()
