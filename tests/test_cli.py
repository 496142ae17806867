"""The `crawler` command's contract: exit codes, one-line errors, export formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.review.export import safe_cell
from storage import ArticleRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture
def filled_db(sqlite_url) -> str:
    db = open_database(sqlite_url)
    ArticleRepository(db).save_batch([
        StoryInput(site_id="son-la", url="https://congan.sonla.gov.vn/news/a/bai-1.html", title="=HYPERLINK(1)",
                      body=["Đoạn một.", "Đoạn hai."], content_hash="h1", published_at=date(2024, 5, 3),
                      published_source="listing", author="Lê Minh",
                      images=[{"url": "https://x/1.jpg", "caption": "Ảnh"}]),
        StoryInput(site_id="son-la", url="https://congan.sonla.gov.vn/news/a/bai-2.html", title="Bài hai",
                      body=["Khác."], content_hash="h2",
                      published_at=datetime.fromisoformat("2024-05-03T09:36:00+07:00")),
    ])
    db.dispose()
    return sqlite_url


def test_export_jsonl_fields(filled_db):
    result = run("export", "--db", filled_db)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["published_at"] == "2024-05-03"
    assert second["published_at"] == "2024-05-03T09:36:00+07:00"
    assert (first["published_source"], second["published_source"]) == ("listing", None)
    assert first["body"] == "Đoạn một.\n\nĐoạn hai."
    assert first["urls"] == [first["url"]]
    assert first["images"] == [{"url": "https://x/1.jpg", "caption": "Ảnh"}]
    for key in ("site", "title", "author", "source", "summary", "content_hash", "first_seen_at", "updated_at"):
        assert key in first
    assert datetime.fromisoformat(first["first_seen_at"]).utcoffset() is not None
    assert "exported 2 article(s)" in result.stderr


def test_export_csv_neutralises_formulas(filled_db):
    result = run("export", "--db", filled_db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    assert json.loads(rows[0]["urls"]) == ["https://congan.sonla.gov.vn/news/a/bai-1.html"]
    assert safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x" and safe_cell("Bình thường") == "Bình thường"


def test_bad_database_url_is_one_line(tmp_path):
    result = run("export", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot open database") and result.stderr.count("\n") == 1
    result = run("crawl", "--db", "foo://bar", "--sites", str(ROOT / "sites.toml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_unknown_site_id(tmp_path):
    result = run("crawl", "--site", "atlantis", "--db", f"sqlite:///{tmp_path}/x.sqlite")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: sites.toml: site 'atlantis': no site with id 'atlantis'"


def test_extract_refuses_non_html(tmp_path):
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary\x00\x01")
    result = run("extract", str(pdf))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {pdf}: not an HTML page"
    missing = run("extract", str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_extract_prints_article_json(tmp_path):
    page = tmp_path / "page.html"
    body = "".join(f"<p>Đoạn văn thứ {i} của bài viết về công tác bảo đảm an ninh trật tự trên địa bàn tỉnh.</p>"
                   for i in range(6))
    page.write_text(
        "<html><head><title>Tin</title><meta property='og:title' content='Công an tỉnh ra quân'></head>"
        f"<body><article><h1>Công an tỉnh ra quân</h1><p>05/06/2024</p>{body}</article></body></html>",
        encoding="utf-8",
    )
    result = run("extract", str(page), "--url", "https://congan.x.gov.vn/tin-tuc/cong-an-tinh-ra-quan-12.html")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Công an tỉnh ra quân"
    assert data["url"] == "https://congan.x.gov.vn/tin-tuc/cong-an-tinh-ra-quan-12.html"
    assert len(data["body"]) == 6
