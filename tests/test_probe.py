"""`crawler probe` and `crawler sites --check` against the replica and fault portals, over loopback.

A probe of each replica portal's home page must name the right family and print an entry whose
crawl captures every article; the fault portals (down, an unknown host, robots.txt, a redirect to
another host) must give exit 2 and say why in one line.
"""

from __future__ import annotations

import http.server
import sqlite3
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.faults import FaultServer
from crawler.crawl.probe import Listing, Probe, Sample, family_of, mark_chrome, render_toml
from crawler.crawl.registry import parse_sites
from replica import ReplicaServer, expected_articles

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
FAMILIES = {"nukeviet": ("nukeviet", "nukeviet"), "langson": ("aspnet", "aspnet"), "modern": ("unknown", None)}


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer() as rs:
        yield rs


@pytest.fixture(scope="module")
def probed(replica: ReplicaServer) -> dict[str, subprocess.CompletedProcess[str]]:
    return {portal: cli("probe", replica.base_url(portal) + "/", "--id", portal, *FAST) for portal in FAMILIES}


@pytest.mark.parametrize("portal", list(FAMILIES))
def test_probe_names_the_family_and_suggests_an_entry(probed, portal: str) -> None:
    done = probed[portal]
    assert done.returncode == 0, done.stderr
    family, profile = FAMILIES[portal]
    assert f"family: {family} " in done.stderr
    assert "3/3 sample articles read well" in done.stderr
    entry = tomllib.loads(done.stdout)["sites"][0]
    assert entry["id"] == portal
    assert entry.get("profile") == profile
    # The portal's own name, not its address.
    assert "Công an" in entry["name"] or "An ninh" in entry["name"]
    assert all(url.startswith("http://127.0.0.") and not url.endswith(":/") for url in entry["start_urls"])


def test_the_suggested_entries_crawl_every_article(probed, replica: ReplicaServer, tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text("\n".join(probed[p].stdout for p in FAMILIES), encoding="utf-8")
    parse_sites(sites.read_text(encoding="utf-8"), sites)  # a valid registry as printed
    db_url = f"sqlite:///{tmp_path / 'probe.db'}"
    done = cli("crawl", "--sites", str(sites), "--db", db_url, *FAST, timeout=240)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "probe.db") as db:
        rows = db.execute("SELECT site_id, url FROM articles").fetchall()
    stored = {portal: {url.rstrip("/").split("/")[-1] for site, url in rows if site == portal} for portal in FAMILIES}
    missing = {}
    for portal in FAMILIES:
        wanted = {a.path.rstrip("/").split("/")[-1] for a in expected_articles([portal])}
        missing[portal] = wanted - stored[portal]
    # Only the story republished on all three portals may be missing: it is stored once, under whichever
    # portal was read first, and is a duplicate on the other two.
    assert all(len(m) <= 1 for m in missing.values()), missing
    assert sum(len(m) for m in missing.values()) <= 2, missing


@pytest.fixture(scope="module")
def faults() -> Iterator[FaultServer]:
    with FaultServer(["down", "robots-forbidden", "offsite-redirect"]) as fs:
        yield fs


def test_probe_of_a_portal_that_is_down(faults: FaultServer) -> None:
    done = cli("probe", faults.base_url("down") + "/", *FAST)
    assert done.returncode == 2
    assert "no answer: connection refused" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_probe_of_a_host_that_does_not_resolve() -> None:
    done = cli("probe", "http://portal.invalid/", *FAST)
    assert done.returncode == 2
    assert "the host name does not resolve" in done.stderr and "Traceback" not in done.stderr


def test_probe_respects_robots_txt(faults: FaultServer) -> None:
    done = cli("probe", faults.base_url("robots-forbidden") + "/noi-bo/", *FAST)
    assert done.returncode == 2
    assert "robots.txt forbids the start page" in done.stderr


def test_probe_refuses_a_redirect_to_another_host(faults: FaultServer) -> None:
    from bench.faults import OffsiteRedirect

    done = cli("probe", faults.base_url("offsite-redirect") + OffsiteRedirect.away, *FAST)
    assert done.returncode == 2
    assert "redirected off the site" in done.stderr
    assert faults.requests("elsewhere") == []


def test_probe_of_a_page_without_articles_exits_1() -> None:
    class Plain(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = ("<html><head><title>Liên hệ</title></head><body><h1>Liên hệ</h1>"
                    "<p>Số điện thoại trực ban: 0200.3876.113</p></body></html>").encode()
            self.send_response(404 if self.path == "/robots.txt" else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = cli("probe", f"http://127.0.0.1:{server.server_port}/lien-he", *FAST)
    finally:
        server.shutdown()
    assert done.returncode == 1, done.stderr
    assert "answered, but no article was found" in done.stderr
    assert "[[sites]]" in done.stdout


@pytest.mark.parametrize("url", ["ftp://example.vn/", "congan.example.gov.vn", "http://"])
def test_probe_refuses_bad_input_in_one_line(url: str) -> None:
    done = cli("probe", url)
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot probe") and len(done.stderr.strip().splitlines()) == 1


def test_sites_check_reports_every_site_and_fails_on_a_broken_one(replica: ReplicaServer,
                                                                  faults: FaultServer, tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(replica.sites_toml() + "\n" + faults.sites_toml("down"), encoding="utf-8")
    done = cli("sites", "--check", "--sites", str(sites), *FAST)
    assert done.returncode == 1, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[2:]}
    for portal, (family, _profile) in FAMILIES.items():
        line = lines[f"replica-{portal}"]
        assert " yes " in line and family in line
        # The ASP.NET portal's procedure pages print no date, and its registry start URLs lead to them.
        assert ("/3 " if portal == "langson" else " 3/3") in line
    down = faults.site_id("down")
    assert "connection refused" in lines[down] and " no " in lines[down]
    assert "1 of 4 site(s) broken" in done.stderr


# -- the parts, on made-up pages ------------------------------------------------------------------


def test_family_from_the_generator_tag_or_the_markup() -> None:
    assert family_of('<meta name="generator" content="WordPress 6.5">', "generic", 0.0) == ("wordpress", 0.9)
    assert family_of('<link href="/sites/default/files/css/a.css">', "generic", 0.0) == ("drupal", 0.7)
    assert family_of("<p>plain</p>", "generic", 0.0) == ("unknown", 0.0)
    assert family_of("<p>plain</p>", "nukeviet", 0.95) == ("nukeviet", 0.95)


def test_paragraphs_repeated_across_samples_are_chrome_left() -> None:
    footer = "Theo dõi chúng tôi trên Zalo và Facebook để nhận tin mới nhất mỗi ngày."
    samples = [Sample(f"http://x.vn/{i}", "article", body=[f"Đoạn riêng số {i} của bài viết.", footer])
               for i in range(3)]
    mark_chrome(samples)
    assert [s.chrome_left for s in samples] == [1, 1, 1]
    assert "1 chrome paragraph(s) left" in samples[0].problems


def test_a_paging_section_is_a_start_url_before_a_richer_one() -> None:
    site = parse_sites('[[sites]]\nid = "probe"\nname = "congan.example.gov.vn"\n'
                       'start_urls = ["https://congan.example.gov.vn/"]\n')[0]
    probe = Probe(site, final_url="https://congan.example.gov.vn/", status=200, site_name="Công an tỉnh Ví Dụ")
    probe.listings = [
        Listing("https://congan.example.gov.vn/", 12),
        Listing("https://congan.example.gov.vn/tin-tuc/an-ninh", 9),
        Listing("https://congan.example.gov.vn/tin-tuc/hoat-dong", 6, "https://congan.example.gov.vn/tin-tuc/hoat-dong?p=2"),
        Listing("https://congan.example.gov.vn/lien-he", 1),
    ]
    entry = tomllib.loads(render_toml(probe))["sites"][0]
    assert entry == {"id": "example", "name": "Công an tỉnh Ví Dụ", "start_urls": [
        "https://congan.example.gov.vn/tin-tuc/hoat-dong", "https://congan.example.gov.vn/tin-tuc/an-ninh"]}
