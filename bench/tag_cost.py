"""What tagging (crawler.tagging) adds to the store path, per story, against the same path without it.

    python bench/tag_cost.py                 # the 420 stories of bench/tagging/set-1 and set-2, on SQLite
    python bench/tag_cost.py --repeat 3      # also as stories three times as long (three joined in one)

The store pipeline tags each batch beside folding it (in the extraction pool, or a thread) and the writer
stores the tag rows in the story's transaction. Measured here, in one process: (1) tagging, crawl.tags.tag_batch
over batches of 50, milliseconds per story; (2) ArticleRepository.save_batch of the same batches into a fresh
SQLite file, without tags (the baseline: the store path as it was) and with them, alternating runs. Added per
story = tagging + (save with tags - save without). Best of --runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tagging.__main__ import HERE, load  # noqa: E402
from crawler.crawl.tags import tag_batch  # noqa: E402
from storage import ArticleRepository, StoryInput, open_database  # noqa: E402

BATCH = 50


def stories(repeat: int) -> list[dict]:
    found = load(HERE / "set-1") + load(HERE / "set-2")
    if repeat <= 1:
        return found
    joined = []
    for i in range(0, len(found) - repeat + 1, repeat):
        group = found[i:i + repeat]
        joined.append({**group[0], "body": [p for s in group for p in [s["lead"], *s["body"]]]})
    return joined


def timed_save(items: list[StoryInput]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/cost.sqlite")
        try:
            repo = ArticleRepository(db)
            started = time.perf_counter()
            for i in range(0, len(items), BATCH):
                repo.save_batch(items[i:i + BATCH])
            return time.perf_counter() - started
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="join this many stories into one (longer stories)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    found = stories(args.repeat)
    words = statistics.median(len(" ".join([s["title"], s["lead"], *s["body"]]).split()) for s in found)
    texts = [(s["title"], s["lead"], s["body"], s["portal"], date.fromisoformat(s["published"])) for s in found]
    tag_batch(texts[:5])  # load the gazetteer and the taxonomy once, as a crawl does before its first batch
    tagging = []
    for _ in range(args.runs):
        started = time.perf_counter()
        tagged = [t for i in range(0, len(texts), BATCH) for t in tag_batch(texts[i:i + BATCH])]
        tagging.append(time.perf_counter() - started)
    seen = datetime(2026, 12, 1, tzinfo=UTC)
    plain = [StoryInput(site_id="bench", url=f"https://bench.vn/{i}", title=s["title"], body=s["body"],
                        summary=s["lead"], content_hash=f"h{i}", seen_at=seen + timedelta(seconds=i))
             for i, s in enumerate(found)]
    with_tags = [dataclasses.replace(item, tags=tags) for item, tags in zip(plain, tagged, strict=True)]
    without, with_ = [], []
    for _ in range(args.runs):
        without.append(timed_save(plain))
        with_.append(timed_save(with_tags))
    n = len(found)
    tag_ms, base_ms, with_ms = min(tagging) / n * 1000, min(without) / n * 1000, min(with_) / n * 1000
    print(f"TAG_COST stories={n} median_words={words:.0f} runs={args.runs}")
    print(f"  tagging                      {tag_ms:6.2f} ms per story")
    print(f"  save_batch without tags      {base_ms:6.2f} ms per story (baseline)")
    print(f"  save_batch with tags         {with_ms:6.2f} ms per story")
    print(f"  added to the store path      {tag_ms + with_ms - base_ms:6.2f} ms per story")
    return 0


if __name__ == "__main__":
    sys.exit(main())
