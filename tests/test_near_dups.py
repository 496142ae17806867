"""The same story across portals: edited republications are grouped (storage.near_dups), others are not."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, func, insert, select, text

from crawler.core.dates import TZ
from crawler.core.text import content_hash
from crawler.web import create_app
from replica import ReplicaServer
from storage import ArticleRepository, StoryInput, open_database
from storage.db import _alembic_config
from storage.models import ArticleBand, ArticleGroup
from storage.near_dups import BANDS, also_published, band_keys, candidates, shingles, story_text

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)

TITLE = "Công an tỉnh Lạng Sơn triệt phá đường dây mua bán trái phép chất ma túy xuyên biên giới"
ORIGINAL = [
    "Ngày 1/3, Công an tỉnh Lạng Sơn cho biết, lực lượng chức năng vừa triệt phá thành công đường dây mua bán "
    "trái phép chất ma túy xuyên biên giới, bắt giữ 4 đối tượng, thu giữ 12 bánh heroin và 3.000 viên ma túy tổng hợp.",
    "Trước đó, qua công tác nắm tình hình, Phòng Cảnh sát điều tra tội phạm về ma túy phát hiện một nhóm đối tượng "
    "thường xuyên vận chuyển ma túy từ khu vực biên giới huyện Cao Lộc về thành phố Lạng Sơn tiêu thụ.",
    "Khoảng 22 giờ ngày 28/2, tại khu vực thôn Nà Làng, xã Phú Xá, tổ công tác bắt quả tang Hoàng Văn Thủy "
    "(sinh năm 1985) đang giao 2 bánh heroin cho Lương Thị Hòa (sinh năm 1990), cả hai trú tại huyện Cao Lộc.",
    "Mở rộng điều tra, lực lượng chức năng khám xét khẩn cấp nơi ở của các đối tượng, thu giữ thêm 10 bánh "
    "heroin, 3.000 viên ma túy tổng hợp, 2 xe máy, 5 điện thoại di động cùng nhiều tài liệu liên quan.",
    "Tại cơ quan công an, các đối tượng khai nhận toàn bộ hành vi phạm tội; số ma túy trên được mua từ một "
    "người đàn ông bên kia biên giới với giá 180 triệu đồng mỗi bánh để mang về bán kiếm lời.",
    "Hiện Cơ quan Cảnh sát điều tra Công an tỉnh đã khởi tố vụ án, khởi tố bị can và tạm giam các đối tượng để "
    "tiếp tục điều tra, mở rộng vụ án, truy bắt các đối tượng liên quan.",
]
# Another portal's reprint: its own lead, the last paragraph dropped, the new tone-mark style, its byline.
EDITED = [
    "Lực lượng Công an tỉnh Lạng Sơn vừa bắt giữ 4 đối tượng trong đường dây vận chuyển ma tuý qua biên giới, "
    "thu giữ số lượng lớn heroin và ma tuý tổng hợp.",
    *(p.replace("ma túy", "ma tuý").replace("Thủy", "Thuỷ").replace("Hòa", "Hoà") for p in ORIGINAL[1:-1]),
    "Văn Hoàng (Báo Công an Cao Bằng)",
]
SAME_TOPIC = [  # the same boilerplate phrases, other facts
    [
        "Công an tỉnh Lạng Sơn đã triển khai đồng bộ các biện pháp bảo đảm an ninh, trật tự trên địa bàn dịp Tết "
        "Nguyên đán, tăng cường tuần tra kiểm soát tại các tuyến đường trọng điểm.",
        "Trong tháng 1, lực lượng Cảnh sát giao thông đã kiểm tra 1.250 trường hợp, phát hiện 310 trường hợp vi "
        "phạm nồng độ cồn, tạm giữ 95 xe máy và 4 ô tô, phạt tiền hơn 1,2 tỷ đồng.",
        "Đặc biệt, tại thành phố Lạng Sơn, tổ công tác phát hiện một xe khách chở quá số người quy định 14 người, "
        "lập biên bản xử phạt chủ xe và tài xế theo quy định.",
        "Công an tỉnh đề nghị người dân chấp hành nghiêm quy định về trật tự an toàn giao thông, không điều khiển "
        "phương tiện sau khi đã uống rượu, bia.",
    ],
    [
        "Công an tỉnh Lạng Sơn đã triển khai đồng bộ các biện pháp bảo đảm an ninh, trật tự trên địa bàn dịp Tết "
        "Nguyên đán, tăng cường tuần tra kiểm soát tại các khu dân cư và chợ đầu mối.",
        "Trong tháng 1, lực lượng Cảnh sát hình sự đã điều tra làm rõ 42 vụ trộm cắp tài sản, bắt giữ 57 đối "
        "tượng, thu hồi 23 xe máy, 8 điện thoại và hơn 300 triệu đồng trả lại cho người bị hại.",
        "Điển hình, tại huyện Chi Lăng, nhóm đối tượng dùng vam phá khóa trộm 6 xe máy trong đêm đã bị bắt sau "
        "48 giờ truy xét, tang vật được thu hồi đầy đủ.",
        "Công an tỉnh đề nghị người dân nâng cao cảnh giác, bảo quản tài sản, kịp thời trình báo cơ quan công an "
        "khi phát hiện đối tượng nghi vấn.",
    ],
]


def story(site: str, url: str, title: str, body: list[str], seen: datetime) -> StoryInput:
    return StoryInput(site_id=site, url=url, title=title, body=body, content_hash=content_hash(body),
                         seen_at=seen)


def group_of(db_url: str, article_id: int) -> int | None:
    db = open_database(db_url, create=False)
    try:
        with db.sessions() as session:
            return session.execute(
                select(ArticleGroup.group_id).where(ArticleGroup.article_id == article_id)
            ).scalar_one_or_none()
    finally:
        db.dispose()


def ids_by_url(repo: ArticleRepository) -> dict[str, int]:
    return {u.url: a.id for a in repo.iter_articles() for u in a.urls}


@pytest.fixture
def repo(db_url: str):
    db = open_database(db_url)
    try:
        yield ArticleRepository(db)
    finally:
        db.dispose()


def test_an_edited_republication_is_grouped_with_the_original_earliest_first(repo: ArticleRepository) -> None:
    original = story("ca-langson", "https://langson.vn/tin/1.html", TITLE, ORIGINAL, T0)
    copy = story("ca-caobang", "https://caobang.vn/bai/9.html", TITLE.replace("ma túy", "ma tuý"), EDITED, T0 + H)
    assert repo.save_batch([original]) == ["new"]
    assert repo.save_batch([copy]) == ["new"]  # not byte-equal: a story of its own ...
    ids = ids_by_url(repo)
    first, second = ids[original.url], ids[copy.url]
    assert first != second
    assert group_of(repo.db.url, first) == group_of(repo.db.url, second) == first  # ... in the original's group

    also = also_published(repo.db, second)
    assert [(a.article_id, a.site_id, a.url, a.title) for a in also] == [(first, "ca-langson", original.url, TITLE)]
    assert also[0].first_seen_at == T0
    assert [a.url for a in also_published(repo.db, first)] == [copy.url]

    # A third portal later, and a byte-equal copy of the first (another URL of the same story): earliest first.
    third = story("ca-bacgiang", "https://bacgiang.vn/x/5.html", copy.title, [*EDITED[:-1], "Theo CAND"], T0 + 3 * H)
    mirror = dataclasses.replace(original, site_id="ca-mirror", url="https://mirror.vn/1.html", seen_at=T0 + 2 * H)
    assert repo.save_batch([third, mirror]) == ["new", "duplicate"]
    third_id = ids_by_url(repo)[third.url]
    assert [(a.site_id, a.url) for a in also_published(repo.db, third_id)] == [
        ("ca-langson", original.url), ("ca-caobang", copy.url), ("ca-mirror", mirror.url)]
    assert group_of(repo.db.url, third_id) == first


def test_a_copy_seen_before_the_group_leads_it_and_groups_merge(repo: ArticleRepository) -> None:
    a = story("ca-a", "https://a.vn/1.html", TITLE, ORIGINAL, T0 + 2 * H)
    b = story("ca-b", "https://b.vn/1.html", TITLE, EDITED, T0 + 3 * H)
    repo.save_batch([a, b])
    ids = ids_by_url(repo)
    assert group_of(repo.db.url, ids[b.url]) == ids[a.url]
    # A portal that had it first, found late (an archive crawl stamps its own first-seen time): it leads.
    early = story("ca-c", "https://c.vn/1.html", TITLE, [*ORIGINAL[:-1], "Theo Báo Lạng Sơn"], T0)
    repo.save_batch([early])
    ids = ids_by_url(repo)
    assert {group_of(repo.db.url, ids[u]) for u in (a.url, b.url, early.url)} == {ids[early.url]}
    assert [x.url for x in also_published(repo.db, ids[b.url])] == [early.url, a.url]


def test_different_stories_on_the_same_topic_are_not_grouped(repo: ArticleRepository) -> None:
    repo.save_batch([story("ca-langson", f"https://langson.vn/tin/{n}.html", f"Bảo đảm an ninh dịp Tết ({n})",
                           body, T0 + n * H) for n, body in enumerate([*SAME_TOPIC, ORIGINAL])])
    ids = ids_by_url(repo)
    assert len(ids) == 3
    for article_id in ids.values():
        assert group_of(repo.db.url, article_id) == article_id
        assert also_published(repo.db, article_id) == []


def test_exact_duplicates_still_dedupe_and_a_new_version_keeps_its_group(repo: ArticleRepository) -> None:
    original = story("ca-a", "https://a.vn/1.html", TITLE, ORIGINAL, T0)
    copy = story("ca-b", "https://b.vn/1.html", TITLE, EDITED, T0 + H)
    repo.save_batch([original, copy])
    same = dataclasses.replace(original, site_id="ca-c", url="https://c.vn/1.html", seen_at=T0 + 2 * H)
    assert repo.save_batch([same]) == ["duplicate"]
    assert repo.count() == 2
    ids = ids_by_url(repo)
    assert ids[same.url] == ids[original.url]
    # The copy is edited: a new version, its bands rewritten (not added to), still in the group.
    edited = [*EDITED[:-1], "Đính chính: số tiền là 180 triệu đồng.", EDITED[-1]]
    assert repo.save_batch([dataclasses.replace(copy, body=edited, content_hash=content_hash(edited),
                                                seen_at=T0 + 3 * H)]) == ["updated"]
    with repo.db.sessions() as session:
        bands = session.execute(select(func.count()).where(ArticleBand.article_id == ids[copy.url])).scalar_one()
    assert 0 < bands <= BANDS
    assert group_of(repo.db.url, ids[copy.url]) == ids[original.url]
    assert [a.url for a in also_published(repo.db, ids[copy.url])] == [original.url, same.url]


def test_gold_pages_edited_copies_group_and_different_stories_do_not(sqlite_url: str) -> None:
    """Precision and recall on the gold corpus: every story of tests/gold and an edited copy of it."""
    golds = []
    for path in sorted((ROOT / "tests" / "gold").glob("*/*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        if page["kind"] == "article" and page["body"]:
            golds.append(page)
    assert len(golds) >= 50
    db = open_database(sqlite_url)
    try:
        repo = ArticleRepository(db)
        originals, copies = [], []
        for n, page in enumerate(golds):
            body = list(page["body"])
            lead = body[0].split(". ", 1)
            edited = ["Theo thông tin từ cơ quan chức năng, " + lead[-1],
                      *(p.replace("òa", "oà").replace("ùy", "uỷ") for p in body[1:-1 if len(body) > 2 else None]),
                      "Theo Báo Công an nhân dân"]
            originals.append(story("gold", f"https://gold.vn/{n}.html", page["title"], body, T0 + n * H))
            copies.append(story("copy", f"https://copy.vn/{n}.html", page["title"], edited, T0 + (100 + n) * H))
        repo.save_batch(originals)
        repo.save_batch(copies)
        ids = ids_by_url(repo)
        with db.sessions() as session:
            groups = dict(session.execute(select(ArticleGroup.article_id, ArticleGroup.group_id)).all())
        grouped = sum(groups[ids[c.url]] == ids[o.url] for o, c in zip(originals, copies, strict=True))
        leaders = {groups[ids[o.url]] for o in originals}
        assert grouped == len(golds)  # recall
        assert len(leaders) == len(golds)  # precision: no two different stories share a group
    finally:
        db.dispose()


def test_the_candidate_lookup_reads_the_band_index(db_url: str) -> None:
    db = open_database(db_url)
    try:
        keys = band_keys(shingles(story_text(TITLE, ORIGINAL)))
        with db.engine.connect() as conn:
            if db.dialect == "postgresql":
                conn.execute(text("SET enable_seqscan = off"))  # an empty table is cheapest to scan
            candidates(conn, 1, keys)  # runs
            from storage import near_dups

            params = {f"k{i}": key for i, key in enumerate(keys)}
            query = near_dups._candidate_query(len(keys)).params(own=1, **params)
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            explain = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
            plan = "\n".join(str(row) for row in conn.execute(text(explain + sql)))
        if db.dialect == "sqlite":
            assert "SCAN article_bands" not in plan and "SEARCH article_bands USING" in plan, plan
        else:
            assert "article_bands_pkey" in plan and "Seq Scan" not in plan, plan
    finally:
        db.dispose()


def _previous_revision() -> str:
    revision = ScriptDirectory.from_config(_alembic_config()).get_revision("0007")
    assert revision is not None and isinstance(revision.down_revision, str)
    return revision.down_revision


def test_upgrade_backfills_groups_of_existing_stories(db_url: str) -> None:
    engine = create_engine(db_url)
    bodies = [ORIGINAL, *SAME_TOPIC, EDITED]  # the copy is stored last, first seen before the original
    seen = [T0 + H, T0 + 2 * H, T0 + 3 * H, T0]
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), _previous_revision())
            meta = MetaData()
            meta.reflect(conn)
            assert "article_groups" not in meta.tables
            for n, (body, at) in enumerate(zip(bodies, seen, strict=True), 1):
                articles = meta.tables["articles"]
                article_id = conn.execute(insert(articles).returning(articles.c.id).values(
                    content_hash=content_hash(body), site_id=f"ca-{n}", url=f"https://{n}.vn/a.html",
                    title=TITLE if body in (ORIGINAL, EDITED) else f"Tin {n}", published_at=None,
                    published_date_only=False, author=None, source=None, summary=None, body="\n\n".join(body),
                    images=[], category=None, profile="generic", first_seen_at=at, updated_at=at, version=1,
                    removed_at=None, reviewed_at=None, needs_review=True, changed_at=at,
                )).scalar_one()
                assert article_id == n
                conn.execute(insert(meta.tables["article_urls"]).values(
                    article_id=n, url=f"https://{n}.vn/a.html", site_id=f"ca-{n}", first_seen_at=at,
                    last_seen_at=at, removed_at=None,
                ))
    finally:
        engine.dispose()
    db = open_database(db_url)  # upgrades to head, backfilling
    try:
        with db.sessions() as session:
            groups = dict(session.execute(select(ArticleGroup.article_id, ArticleGroup.group_id)).all())
            banded = session.execute(select(func.count(func.distinct(ArticleBand.article_id)))).scalar_one()
        assert groups == {1: 4, 2: 2, 3: 3, 4: 4}
        assert banded == 4
        assert [a.url for a in also_published(db, 1)] == ["https://4.vn/a.html"]
        # Stories written after the upgrade join the backfilled groups.
        repo = ArticleRepository(db)
        late = story("ca-9", "https://9.vn/a.html", TITLE, [*ORIGINAL[:-1], "Theo VTV"], T0 + 9 * H)
        assert repo.save_batch([late]) == ["new"]
        assert group_of(db.url, ids_by_url(repo)[late.url]) == 4
    finally:
        db.dispose()


# -- end to end: a real crawl of the replica portals ---------------------------------------------------------

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def _run(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _publish(server: ReplicaServer, portal: str, title: str, blocks: list[str], author: str):  # type: ignore[no-untyped-def]
    state = server.replica
    template = state.posts(portal)[0]
    post = dataclasses.replace(
        template, id=state.next_id(portal), title=title, published=datetime.now(TZ).replace(second=0, microsecond=0),
        lead=None, blocks=tuple(blocks), story=None, updated=None, quirks=frozenset(), author=author,
    )
    return state.publish(post)


def test_a_crawl_of_the_replicas_shows_the_edited_copy_as_also_published(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with ReplicaServer() as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        original = _publish(server, "nukeviet", TITLE, ORIGINAL, "Minh Khang")
        _run("crawl", "--sites", str(sites), "--db", db_url, "--progress", "0", *FAST)
        copy = _publish(server, "modern", TITLE.replace("ma túy", "ma tuý"), EDITED[:-1], "Văn Hoàng")
        _run("crawl", "--sites", str(sites), "--db", db_url, "--progress", "0", *FAST)
    db = open_database(db_url, create=False)
    try:
        stories = [a for a in ArticleRepository(db).iter_articles() if a.title.startswith(TITLE[:40])]
    finally:
        db.dispose()
    assert len(stories) == 2, [a.url for a in stories]  # an edited copy: not byte-equal, two stories
    first, second = sorted(stories, key=lambda a: a.first_seen_at)
    assert original.id != copy.id
    assert group_of(db_url, first.id) == group_of(db_url, second.id) == first.id

    out = _run("show", str(second.id), "--db", db_url)
    lines = out.splitlines()
    assert "Also published by:" in lines, out
    also = lines[lines.index("Also published by:") + 1:]
    assert len(also) == 1 and first.urls[0].url in also[0] and "replica-nukeviet" in also[0], out
    out = _run("show", str(first.id), "--db", db_url)
    assert "Also published by:" in out and second.urls[0].url in out.split("Also published by:")[1], out

    # The article page of the web inbox says the same, linking the earlier story.
    app = create_app(db_url, auth=False)
    try:
        page = app.test_client().get(f"/articles/{second.id}").get_data(as_text=True)
    finally:
        app.extensions["crawler_db"].dispose()
    also_html = page.split('id="also"')[1].split("</ul>")[0]
    assert f'href="/articles/{first.id}"' in also_html and first.urls[0].url in also_html
