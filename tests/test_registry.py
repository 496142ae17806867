"""The site registry: the shipped file loads, every bad file gives one line naming file, site and key."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.crawl.registry import RegistryError, load_sites, parse_interval, parse_sites, select_sites

ROOT = Path(__file__).resolve().parent.parent

GOOD = """
[[sites]]
id = "lang-son"
name = "Công an tỉnh Lạng Sơn"
start_urls = ["https://congan.langson.gov.vn/tin-tuc/hoat-dong-cong-an-tinh/30.aspx"]
"""


def test_shipped_registry_lists_34_provinces_and_the_ministry():
    sites = load_sites(ROOT / "sites.toml")
    assert len(sites) == 35
    assert sites[0].id == "bo-cong-an"
    hosts = {s.allowed_domains[0] for s in sites}
    assert "congan.langson.gov.vn" in hosts and "conganhatinh.gov.vn" in hosts
    assert all(s.name.startswith(("Công an", "Bộ Công an")) for s in sites)


def test_minimal_site_gets_defaults():
    (site,) = parse_sites(GOOD)
    assert site.profile == "auto"
    assert site.allowed_domains == ("congan.langson.gov.vn",)
    assert site.interval == timedelta(minutes=15)
    assert site.max_pages > 0 and site.download_delay >= 0.5


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ('profile = "joomla"', "profile", "unknown profile"),
        ('interval = "soon"', "interval", "duration"),
        ("max_pages = 0", "max_pages", "positive"),
        ('colour = "red"', "colour", "unknown key"),
        ('allowed_domains = ["example.org"]', "allowed_domains", "outside"),
        ('selectors = { headline = "h1" }', "selectors.headline", "unknown field"),
        ("concurrency = 99", "concurrency", "1 to 16"),
    ],
)
def test_bad_keys_are_named(extra, key, message):
    with pytest.raises(RegistryError) as info:
        parse_sites(GOOD + extra + "\n", "my-sites.toml")
    text = str(info.value)
    assert text.startswith("my-sites.toml: site 'lang-son': key ")
    assert repr(key) in text and message in text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[[sites]]\nid = 'x'\nname = 'X'\nstart_urls = []\n", "key 'start_urls'"),
        ("[[sites]]\nid = 'Bad Id'\nname = 'X'\nstart_urls = ['http://a/']\n", "key 'id'"),
        ("[[sites]]\nid = 'x'\nstart_urls = ['http://a/']\n", "key 'name'"),
        ("[[sites]]\nid = 'x'\nname = 'X'\nstart_urls = ['ftp://a/']\n", "not an http(s) URL"),
        (GOOD + GOOD, "duplicate id"),
        ("[[sites]\n", "not valid TOML"),
        ("title = 'x'\n", "unknown top-level key"),
        ("", "no [[sites]] entries"),
    ],
)
def test_bad_files(text, fragment):
    with pytest.raises(RegistryError, match=None) as info:
        parse_sites(text, "s.toml")
    assert fragment in str(info.value)


def test_intervals():
    assert parse_interval("30m") == timedelta(minutes=30)
    assert parse_interval("1h30m") == timedelta(minutes=90)
    assert parse_interval("45s") == timedelta(seconds=45)
    assert parse_interval("0m") is None
    assert parse_interval("") is None


def test_select_unknown_site():
    sites = parse_sites(GOOD)
    assert select_sites(sites, ["lang-son"]) == sites
    with pytest.raises(RegistryError, match="no site with id 'nowhere'"):
        select_sites(sites, ["nowhere"])


@pytest.mark.parametrize("command", [["crawler", "crawl"], ["crawler", "sites"], ["scrapy", "list"]])
def test_commands_print_one_line_and_exit_2(tmp_path, command):
    bad = tmp_path / "sites.toml"
    bad.write_text(GOOD + 'interval = "often"\n', encoding="utf-8")
    if command[0] == "crawler":
        argv = [sys.executable, "-m", "crawler", *command[1:], "--sites", str(bad)]
        env = None
    else:
        argv = [sys.executable, "-m", "scrapy", *command[1:]]
        env = {"CRAWLER_SITES": str(bad), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {bad}: site 'lang-son': key 'interval': expected a duration like "
                     f"\"15m\", \"1h\" or \"1h30m\", got 'often'"], result.stderr
    assert "Traceback" not in result.stderr
