"""From the blocks of a body container to body paragraphs, images with captions and bylines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.core.text import hash_key
from crawler.extract import bylines, chrome, dating, dom
from crawler.extract.article import Image
from crawler.extract.blocks import Block
from crawler.extract.classify import CONTACT_LINE

CAPTION_MAX_CHARS = 400
# "(Ảnh: Dương Hà)", "Ảnh minh họa", "… Công an tỉnh. Ảnh Dương Hà", "Ảnh: CAND".
PHOTO_CREDIT = re.compile(
    r"(?:^\W*ảnh(?:\s+minh\s+ho[ạa]|\s+minh\s+hoạ)?\b\s*[:：]?"
    r"|[.\s(–-]\s*\(?\s*ảnh\s*[:：]?\s*[^.()]{2,50}\)?\.?$"
    r"|^\W*\(?\s*nguồn\s+ảnh\s*[:：])",
    re.IGNORECASE,
)
LINKY_RATIO = 0.6
BIO_BLOCKS = 3
BIO_CHARS = 300


@dataclass(slots=True)
class Assembled:
    body: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    author: str | None = None
    source: str | None = None
    # A name signed under the text when the author was already known (JSON-LD): it may name more writers.
    signature: str | None = None
    summary: str | None = None
    # Measured before link-only blocks leave, for telling articles from listings.
    text_chars: int = 0
    link_chars: int = 0
    caption_chars: int = 0


def is_caption_like(block: Block) -> bool:
    if block.image is not None or not block.text or len(block.text) > CAPTION_MAX_CHARS:
        return False
    if block.caption or PHOTO_CREDIT.search(block.text):
        return True
    return (block.italic or block.align == "center") and not block.heading and block.link_ratio < 0.5


def assemble(
    blocks: list[Block],
    *,
    title: str | None,
    summary: str | None,
    summary_is_weak: bool = False,
    summary_is_excerpt: bool = False,
    author: str | None = None,
    source: str | None = None,
    drop_line: re.Pattern[str] | None = None,
    byline: str | None = None,
) -> Assembled:
    """The body's paragraphs from its blocks. `author`, `source`: what the markup already said; `byline`: the
    name the byline markup by the headline gives (its line under the text leaves the body)."""
    out = Assembled(author=author, source=source)
    key = _Keys()
    texts = _pair_images(blocks, out)
    texts = _drop_meta_pieces(texts)
    texts = _drop_chrome(texts, drop_line, out)
    texts = _drop_pull_quotes(texts, key)
    texts = _trim_head(texts, title, key)
    texts = _take_meta_line(texts, out)
    texts = _end_at_closing(texts)
    texts = _end_at_signature(texts)
    texts = _end_at_contact_box(texts)
    texts = _take_bylines(texts, out, byline)
    paragraphs = [b.text for b in texts]
    # The summary's step 6 (crawler.extract.fields.summary): the body's first paragraph and the lead.
    out.summary = summary
    if paragraphs and summary:
        first = paragraphs[0]
        if key(first) == key(summary):
            paragraphs.pop(0)
        elif _truncation_of(summary, first, key):
            out.summary = paragraphs.pop(0)
        elif summary_is_weak:
            out.summary = None
        elif summary_is_excerpt and _quotes_later(summary, paragraphs, key):
            # The metadata's excerpt quotes a paragraph further down (Yoast's description cut at 160 characters):
            # no lead, the body has it in its place.
            out.summary = None
    elif summary_is_weak:
        out.summary = None
    out.body = _dedupe(paragraphs, out.summary, key)
    return out


class _Keys(dict[str, str]):
    """`hash_key`, computed once per text within one page: the title, lead and first paragraphs
    are compared several times."""

    def __call__(self, text: str) -> str:
        value = self.get(text)
        if value is None:
            value = self[text] = hash_key(text)
        return value


# A lead printed again inside the body comes within its first paragraphs.
LEAD_REPEATS_WITHIN = 3


def _quotes_later(summary: str, paragraphs: list[str], key: _Keys) -> bool:
    """Whether ``summary`` is a later paragraph cut off, one printed beyond where a lead is repeated (which
    ``_dedupe`` drops from the body), or words from inside a paragraph."""
    whole = key(summary)
    if any(key(p) != whole and _truncation_of(summary, p, key) for p in paragraphs[1:]) or any(
            key(p) == whole for p in paragraphs[LEAD_REPEATS_WITHIN:]):
        return True
    # A sentence lifted from inside a paragraph ("Sáng 12/3, <the excerpt's words> …"), not its start.
    return len(whole) >= EXCERPT_QUOTE_CHARS and any(
        whole in key(p) and not key(p).startswith(whole) for p in paragraphs)


# An excerpt this long found inside a paragraph is a quote of it, not a coincidence.
EXCERPT_QUOTE_CHARS = 60


def _dedupe(paragraphs: list[str], summary: str | None, key: _Keys) -> list[str]:
    """Drop a paragraph repeating the one before it, or the lead near the top (templates that
    print the lead once above the body and once inside it)."""
    kept: list[str] = []
    summary_key = key(summary) if summary else None
    previous = None
    for i, text in enumerate(paragraphs):
        text_key = key(text)
        if text_key == previous or (i < LEAD_REPEATS_WITHIN and summary_key and text_key == summary_key):
            continue
        kept.append(text)
        previous = text_key
    return kept


def _pair_images(blocks: list[Block], out: Assembled) -> list[Block]:
    texts: list[Block] = []
    by_url: dict[str, int] = {}
    pending: int | None = None  # index in out.images of an image still waiting for its caption
    for block in blocks:
        if block.image is not None:
            image = block.image
            if image.url in by_url:
                index = by_url[image.url]
                if image.caption and not out.images[index].caption:
                    out.images[index] = image
                pending = index if not out.images[index].caption else None
                continue
            by_url[image.url] = len(out.images)
            out.images.append(image)
            pending = len(out.images) - 1 if image.caption is None else None
            continue
        if pending is not None and is_caption_like(block):
            out.images[pending] = Image(url=out.images[pending].url, caption=block.text)
            out.caption_chars += len(block.text)
            pending = None
            continue
        pending = None
        if block.caption or (PHOTO_CREDIT.match(block.text) and len(block.text) <= 120):
            # A caption whose photo was dropped (tracking pixel, broken src) is still no paragraph.
            out.caption_chars += len(block.text)
            continue
        texts.append(block)
    out.caption_chars += sum(len(i.caption or "") for i in out.images)
    return texts


# A pull quote repeats this much of a sentence at least (shorter quotes may be a paragraph's own words).
PULL_QUOTE_CHARS = 30


def _drop_pull_quotes(texts: list[Block], key: _Keys) -> list[Block]:
    """A magazine's pull quote: a ``<blockquote>`` whose quoted text a paragraph outside it already says. It goes,
    with the name it is attributed to (its ``<cite>``)."""
    quotes: dict[HtmlElement, list[Block]] = {}
    for block in texts:
        if block.image is None:
            owner = block.owner
            quote = owner if owner.tag == "blockquote" else next(owner.iterancestors("blockquote"), None)
            if quote is not None:
                quotes.setdefault(quote, []).append(block)
    if not quotes:
        return texts
    dropped: set[int] = set()
    for blocks in quotes.values():
        said = [key(b.text.strip(" “”\"'«»")) for b in blocks if len(b.text) >= PULL_QUOTE_CHARS]
        inside = {id(b) for b in blocks}
        others = [key(b.text) for b in texts if b.image is None and id(b) not in inside]
        if said and all(any(s and s in other for other in others) for s in said):
            dropped.update(id(b) for b in blocks)
    return [b for b in texts if id(b) not in dropped] if dropped else texts


def _drop_chrome(texts: list[Block], drop_line: re.Pattern[str] | None, out: Assembled) -> list[Block]:
    kept: list[Block] = []
    in_related = False
    label: str | None = None
    label_box: HtmlElement | None = None  # the row of a "Chuyên mục" label's cell
    bio = 0  # short blocks left of an author's bio box ("Về tác giả" then a line or two about them)
    for block in texts:
        if chrome.AUTHOR_BIO_HEADING.match(block.text):
            bio = BIO_BLOCKS
            continue
        if bio:
            bio -= 1
            if len(block.text) <= BIO_CHARS:
                continue
            bio = 0
        if label is not None and chrome.CATEGORY_LABEL.match(label):
            label = None
            if len(block.text) <= CATEGORY_VALUE_CHARS and label_box is block.owner.getparent():
                continue  # the section's name in the cell after its label, in the same row
        if label is not None:
            # "Tác giả:" and the name in two cells of a table: one labelled byline (the author's and the
            # source's step 3, crawler.extract.fields.author).
            joined = bylines.parse_all(f"{label}: {block.text}")
            label = None
            if joined and bylines.looks_like_name(block.text, formatted=True):
                for kind, value in joined:
                    if kind == "author" and out.author is None:
                        out.author = value
                    elif kind == "source" and out.source is None:
                        out.source = value
                continue
        if "[" in block.text and chrome.EDIT_LINK.search(block.text):
            block.text = chrome.EDIT_LINK.sub("", block.text)
        out.text_chars += len(block.text)
        out.link_chars += block.link_chars
        text = block.text
        if chrome.is_related_heading(text):
            in_related = True
            continue
        if in_related:
            # A related list runs until ordinary prose comes back.
            if block.link_ratio >= 0.5 or len(text) < 80:
                continue
            in_related = False
        if chrome.INFO_BOX_HEADING.match(text):
            continue
        if chrome.CATEGORY_LABEL.match(text):
            label, label_box = text.strip(" :："), block.owner.getparent()
            continue
        if chrome.is_chrome_line(text) or (drop_line is not None and drop_line.search(text)):
            if chrome.BARE_LABEL.match(text):
                label = text.strip(" :：")
            continue
        if not any(c.isalpha() for c in text):
            # Row numbers, lone dates and counters of table layouts.
            continue
        if block.link_ratio >= LINKY_RATIO and bylines.parse_labelled(text) is None:
            continue
        kept.append(block)
    return kept


CATEGORY_VALUE_CHARS = 60


def _take_meta_line(texts: list[Block], out: Assembled) -> list[Block]:
    """The article's meta line at the top of the body ("Ngày xuất bản: 15/06/2025 | Người viết: X (Công an
    huyện Y)"): its date is read by the date witnesses, its byline here (the author's step 3); then a run of
    bare field labels left by an info box ("Chuyên mục", "Lúc") before the first paragraph goes too."""
    start = 0
    for block in texts[:3]:
        text = block.text
        poster = _POSTED_BY.search(text)
        head = text[: poster.start()] if poster is not None else text
        if _CREDITS.match(text) and len(text) <= 160:
            # A long-form story's credits block ("Thực hiện: X | Ảnh: Y | Thiết kế: Z") above its text.
            writers = [v for k, v in bylines.parse_all(text) if k == "author"]
            if writers and out.author is None:
                out.author = writers[0]
            start += 1
            continue
        labelled = bylines.parse_labelled(text) if len(text) <= 80 else None
        if labelled is not None and labelled[0] == "author" and bylines.plausible_person(labelled[1]):
            # The byline alone on the body's first line ("Được viết bởi: Trần Quốc Bảo"), above the text.
            out.author = out.author or labelled[1]
            start += 1
            continue
        if len(text) <= 160 and _POSTED_AT.match(text) and chrome.POSTER.search(text):
            # "Posted at 15:05h in Tin báo chí by bientap 0 Comments": a theme's meta line, its time first.
            start += 1
            continue
        if len(text) > 160 or not (dating.from_line(text) or dating.from_line(head) or _DATEISH_START.match(text)):
            break
        found = _meta_bylines(text)
        if not found and not _poster_meta(text):
            break
        for kind, value in found:
            if kind == "author" and out.author is None:
                out.author = value
            elif kind == "source" and out.source is None:
                out.source = value
        start += 1
    texts = texts[start:]
    labels = 0
    while labels < len(texts) - 1 and _bare_label(texts[labels].text):
        labels += 1
    if labels >= 2 and len(texts[labels].text) >= STORY_LINE_CHARS:
        texts = texts[labels:]
    return texts


# A credits block: the writers' label, their names, and another credit after a separator.
_CREDITS = re.compile(
    rf"^\W*(?:thực\s*hiện|bài|nội\s*dung|tác\s*giả)\s*[:：][^|]{{2,80}}\|\s*(?:{bylines.CREDIT_LABELS})\s*[:：]",
    re.IGNORECASE,
)
# A meta line may open with the time alone ("14:35 Tuyên truyền - Cảnh báo bởi Ban biên tập").
_DATEISH_START = re.compile(r"^\W*\d{1,2}[:h]\d{2}\b")
# A meta line that opens with its label and the time or day: "Posted at 15:05h", "Đăng lúc 08:15", "Posted on 12/03".
_POSTED_AT = re.compile(r"^\W*(?:posted|published|đăng|ngày\s*đăng)\s*(?:on|at|lúc|vào|ngày)?\s*[:：]?\s*"
                        r"\d{1,2}\s*[:h/.-]\s*\d{1,2}", re.IGNORECASE)
_POSTED_BY = re.compile(r"(?:^|\s)(?:đăng\s+|gửi\s+)?bởi\s*[:：]?\s+(.{2,40})$|người\s+đăng\s*:\s*([^|·•]{2,40})",
                        re.IGNORECASE)
# The role line of an author card under the text ("Phóng viên Đội Thông tin, tuyên truyền - Phòng Tham mưu").
_ROLE_LINE = re.compile(r"^\W*(?:phóng viên|biên tập viên|cộng tác viên|nhà báo|cán bộ|chiến sĩ)\b", re.IGNORECASE)


def _poster_meta(text: str) -> bool:
    """A meta line that names who posted it, a CMS account or the unit ("… bởi Ban biên tập", "… | Người
    đăng: admin | …"): the page's furniture, not the story's text."""
    match = _POSTED_BY.search(text)
    if match is None:
        return False
    poster = (match.group(1) or match.group(2) or "").strip(" |·•")
    return bool(poster) and not bylines.plausible_person(poster)


def _meta_bylines(text: str) -> list[bylines.Byline]:
    """The labelled bylines among the parts of a meta line ("Ngày đăng: … | Tác giả: …")."""
    parts = [p.strip() for p in re.split(r"\s*[|•·]\s*", text) if p.strip()]
    return [b for part in parts for b in bylines.parse_all(part)]


def _bare_label(text: str) -> bool:
    """A field's label alone ("Chuyên mục", "Đường dây nóng"): a few words, no sentence, no figure."""
    return len(text) <= 30 and len(text.split()) <= 4 and not re.search(r"[.!?:\d]", text)


def _title_max_chars(title: str) -> int:
    """A line longer than this (twice the headline, and 40) is not the headline printed again."""
    return 2 * len(title) + 40


# A date badge printed inside the headline's heading ("<h2><span>20 Th10</span> Headline</h2>"): a few words,
# one of them with a figure.
BADGE_WORDS = 3


def _badged_title(block: Block, title_key: str, longest: int, key: _Keys) -> bool:
    """The headline printed again with a date badge inside its heading."""
    if not block.heading or len(block.text) > longest:
        return False
    text_key = key(block.text)
    if text_key == title_key or not (text_key.startswith(title_key) or text_key.endswith(title_key)):
        return False
    badge = text_key.replace(title_key, " ", 1).split()
    return 0 < len(badge) <= BADGE_WORDS and any(ch.isdigit() for ch in "".join(badge))


# The words of a meta line printed in pieces, each in its own element ("<p>Đăng</p> <span>1 năm trước</span>
# <p>vào</p> <span>17/09/2025</span> <p>Bởi</p>").
_META_WORD = re.compile(r"^\W*(?:đăng|đăng\s*lúc|đăng\s*ngày|vào|vào\s*lúc|lúc|ngày|bởi|viết\s*bởi|đăng\s*bởi|"
                        r"posted|posted\s*(?:on|at)|published|on|at|by)\W*$", re.IGNORECASE)
META_PIECES_FROM = 8  # looked for among the body's first blocks
META_PIECE_CHARS = 40


def _drop_meta_pieces(texts: list[Block]) -> list[Block]:
    """A meta line printed in pieces near the top of the body: a run of short blocks that are its labels and its
    dates (a relative one too), with at least one of each. Each piece alone reads as a word or a lone date. An
    info table's cells ("Ngày đăng" | "24/06/2025" | "Lúc" | "09:20") are its fields, read as such elsewhere."""
    head = texts[:META_PIECES_FROM]
    if not any(len(b.text) <= META_PIECE_CHARS and _META_WORD.match(b.text) for b in head):
        return texts  # no label among them (nearly every page): no date line needs reading
    drop: set[int] = set()
    run: list[int] = []
    for index, block in enumerate([*head, None]):
        text = block.text if block is not None and not block.in_table else ""
        label = 0 < len(text) <= META_PIECE_CHARS and _META_WORD.match(text) is not None
        dated = not label and 0 < len(text) <= META_PIECE_CHARS and (
            dating.from_line(text) is not None or chrome.is_meta_line(text))
        if label or dated:
            run.append(index)
            continue
        pieces = [texts[i].text for i in run]
        if len(run) >= 2 and any(_META_WORD.match(p) for p in pieces) and not all(_META_WORD.match(p) for p in pieces):
            drop.update(run)
        run = []
    return [b for i, b in enumerate(texts) if i not in drop] if drop else texts


def _trim_head(texts: list[Block], title: str | None, key: _Keys) -> list[Block]:
    """Drop what templates put above the first paragraph when the container holds it too."""
    title_key = key(title) if title else None
    longest = _title_max_chars(title) if title else 0

    def is_title(text: str) -> bool:
        # The length first: a paragraph's key costs more than the comparison saves.
        return len(text) <= longest and key(text) == title_key

    if title_key:
        # What a container shows above the headline (category badge, date, breadcrumb) is
        # header material, whatever its wording.
        for index, block in enumerate(texts[:4]):
            if is_title(block.text) or _badged_title(block, title_key, longest, key):
                texts = texts[index + 1 :]
                break
    start = 0
    dated_row: HtmlElement | None = None
    for block in texts[:6]:
        text = block.text
        if title_key and is_title(text):
            start += 1
            continue
        if len(text) <= 80 and dating.from_line(text) is not None and not _meta_bylines(text):
            start += 1
            dated_row = block.owner.getparent()
            continue
        row = block.owner.getparent()
        if (row is not None and (row is dated_row or (dom.tag_of(row) == "tr" and _dated_cells(row, block.owner)))
                and len(text) <= 80 and bylines.looks_like_name(text, formatted=True)
                and bylines.plausible_person(text)):
            # The writer's name in the date's row ("Thứ Ba, 16/09/2025 | 10:05" | "Thu Hà (Phòng PC07)"): the
            # author's step 6 reads it beside the date.
            start += 1
            continue
        if len(text) <= POSTER_CARD_CHARS and _in_poster_card(block.owner):
            # The poster's card heading a forum post ("<div class='PostUser'><h3>Công an xã</h3>"): who posted.
            start += 1
            continue
        # A section label ("Tin tức - Sự kiện") above the title.
        if (
            block.heading
            and len(text) <= 40
            and start == 0
            and title_key
            and any(is_title(b.text) for b in texts[1:4])
        ):
            start += 1
            continue
        break
    return texts[start:]


POSTER_CARD_CHARS = 60
_POSTER_BOX = re.compile(r"user|author|poster", re.IGNORECASE)


def _in_poster_card(el: HtmlElement) -> bool:
    """Inside a box named for who posted (``PostUser``, ``author``, ``poster-info``), up to three levels up."""
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            return False
        if _POSTER_BOX.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


def _dated_cells(row: HtmlElement, cell: HtmlElement) -> bool:
    """Whether another cell of a table row is a date line."""
    return any(dating.from_line(dom.text_of(c)) is not None for c in row if c is not cell and isinstance(c.tag, str))


# What may follow an article's signature inside the body's container and still be the page's, not the story's:
# a few short lines (a hotline, a footer, an unsubscribe note) in another box.
TAIL_BLOCKS = 8
TAIL_LINE_CHARS = 130
STORY_LINE_CHARS = 100


# An administrative notice's distribution list, after its text: "Nơi nhận:", then its signer's block.
_DISTRIBUTION = re.compile(r"^\W*nơi\s+nhận\b", re.IGNORECASE)
CONTACT_FOOTER_CHARS = 200


def _end_at_closing(texts: list[Block]) -> list[Block]:
    """The text ends where a notice's distribution list begins ("Nơi nhận:" and the signer's "KT. TRƯỞNG PHÒNG",
    "Thượng tá …" after it), and without the contact lines that close a document ("Phòng Tham mưu • Đường
    dây nóng: … • Email: …"): the letterhead's, not the story's."""
    for index, block in enumerate(texts[1:], start=1):
        if len(block.text) <= CONTACT_FOOTER_CHARS and _DISTRIBUTION.match(block.text):
            texts = texts[:index]
            break
    while len(texts) > 1 and len(texts[-1].text) <= CONTACT_FOOTER_CHARS and any(
        CONTACT_LINE.match(part) for part in dating.SEGMENTS.split(texts[-1].text)
    ):
        texts = texts[:-1]
    return texts


def _end_at_signature(texts: list[Block]) -> list[Block]:
    """The story ends at its signature: a name set apart (right-aligned, bold or italic) or a labelled
    byline or source line ("Theo Báo Nghệ An") right after a paragraph of prose, and followed only by a few
    short lines in other boxes (a newsletter's footer, a hotline), or in boxes of their own inside its box (a
    tip box), a line that says how to reach the unit as long as it may be, ends the body there."""
    if len(texts) < 3:
        return texts
    for index in range(len(texts) - 2, max(len(texts) - 2 - TAIL_BLOCKS, 1), -1):
        block = texts[index]
        tail = texts[index + 1 :]
        if any(len(b.text) > TAIL_LINE_CHARS and not _reach_us(b.text) for b in tail):
            return texts
        if len(texts[index - 1].text) < STORY_LINE_CHARS:
            continue  # a signature comes right after the story's last paragraph, not after a pager or a form
        if not (_signed_name(block, unit_too=True) or bylines.parse_labelled(block.text)):
            continue
        box = block.owner.getparent()
        if any(box is not None and dom.contains(box, b.owner) and not _boxed_apart(box, b.owner) for b in tail):
            continue  # the lines after it are its own box's: part of the story (or its byline block)
        return texts[: index + 1]
    return texts


# The heading of a box telling readers how to reach the unit ("Tiếp nhận tin báo", "Liên hệ") is this short.
CONTACT_HEADING_CHARS = 60


def _end_at_contact_box(texts: list[Block]) -> list[Block]:
    """The text ends before a box of its own that closes it with a short heading and a line saying how to reach the
    unit ("Tiếp nhận tin báo" | "Mọi thông tin … xin gửi về Phòng An ninh mạng qua số điện thoại …"), whatever its
    classes say: the unit's contact box, not the story."""
    if len(texts) < 3:
        return texts
    head, line = texts[-2], texts[-1]
    if not _reach_us(line.text) or len(head.text) > CONTACT_HEADING_CHARS or head.text.rstrip().endswith("."):
        return texts
    box = line.owner.getparent()
    if box is None or head.owner.getparent() is not box or dom.contains(box, texts[-3].owner):
        return texts
    if sum(1 for c in box if isinstance(c.tag, str)) != 2:
        return texts
    return texts[:-2]


_TIP_BOXES = frozenset({"div", "aside", "section"})


def _boxed_apart(box: HtmlElement, owner: HtmlElement) -> bool:
    """Whether a block inside ``box`` sits in a box of its own there (a tip box, "<div class='admonition'>", after the
    signature), not straight in ``box`` as the story's paragraphs do."""
    node = owner
    while node.getparent() is not None and node.getparent() is not box:
        node = node.getparent()
    return node is not owner and dom.tag_of(node) in _TIP_BOXES


# Where to reach the unit: an e-mail address or a phone number ("0222.3871.113", "069 2345 113").
_REACH_US = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4}(?!\d)")
TAIL_CONTACT_CHARS = 300


def _reach_us(text: str) -> bool:
    """A tip box's line after the signature, longer than a footer's ("Mọi thông tin … xin gửi về Phòng An ninh mạng
    qua số điện thoại 0222.3871.113 hoặc email …"): it says how to reach the unit."""
    return len(text) <= TAIL_CONTACT_CHARS and _REACH_US.search(text) is not None


def _signed_name(block: Block, *, unit_too: bool = False) -> bool:
    """A name set apart: right-aligned, or bold or italic throughout, and nothing but a person's name (or, with
    ``unit_too``, a unit signing: "BCH ĐOÀN THANH NIÊN CÔNG AN TỈNH")."""
    formatted = block.align == "right" or ((block.bold or block.italic) and not block.heading)
    if not (formatted and len(block.text.split()) >= 2 and bylines.looks_like_name(block.text, formatted=True)):
        return False
    return unit_too or bylines.plausible_person(bylines.tidy(block.text))


# An author card after the text: the known writer's name, then a short line or two (their role).
CARD_LINE_CHARS = 80


def _take_bylines(texts: list[Block], out: Assembled, byline: str | None = None) -> list[Block]:
    """The byline lines among the last blocks: the author's and the source's step 3 (crawler.extract.fields.author)."""
    role = texts[-1].text if texts else ""
    if len(role) <= CARD_LINE_CHARS and _ROLE_LINE.match(role) and not role.rstrip().endswith("."):
        # An author card's role line ("Phóng viên Ban …"); the name on its own line above it gives the author
        # when nothing else did, or went with the card.
        name = texts[-2].text if len(texts) > 2 else ""
        if bylines.looks_like_name(name) and bylines.plausible_person(name):
            out.author = out.author or bylines.tidy(name)
            texts = texts[:-2]
        else:
            texts = texts[:-1]
    known = out.author or byline
    if known:
        # An author card: the writer the metadata or the byline markup named, as printed, then their role
        # ("Phóng viên Ban …").
        for index in range(len(texts) - 1, max(len(texts) - 4, 0), -1):
            if len(texts[index].text) > CARD_LINE_CHARS:
                break
            if bylines.same_people(texts[index].text, known):
                if out.author is None:
                    out.author = bylines.tidy(texts[index].text)  # as the signature prints it
                texts = texts[:index]
                break
    end = len(texts)
    credits = 0
    for _ in range(6):
        if end == 0:
            break
        block = texts[end - 1]
        if end > 1 and bylines.CREDIT_LINE.match(block.text):
            credits += 1  # "Thiết kế: Khánh Linh", "Ảnh: …": the credits of a long-form story
            end -= 1
            continue
        content = bylines.CONTENT_CREDIT.match(block.text) if credits and end > 1 else None
        if content is not None:
            # "Nội dung: Đỗ Hoàng Nam" among the credits: the writer.
            if out.author is None and bylines.plausible_person(content[1].strip()):
                out.author = bylines.tidy(content[1])
            end -= 1
            continue
        labelled = bylines.parse_all(block.text)
        if labelled:
            for kind, value in labelled:
                if kind == "author" and (out.author is None or (
                        value != out.author and bylines.same_people(value, out.author))):
                    # The byline as printed, with the unit or rank the markup's name leaves out.
                    out.author = value
                elif kind == "source" and out.source is None:
                    out.source = value
            end -= 1
            continue
        formatted = block.align == "right" or block.bold or block.italic
        credited = bylines.name_and_source(block.text) if formatted and end > 1 else None
        if credited is not None and bylines.looks_like_name(credited[0], formatted=True):
            if out.author is None:
                out.author = credited[0]
            out.source = out.source or credited[1]
            end -= 1
            continue
        if end > 1 and len(block.text) <= 80 and dating.from_line(block.text) is not None:
            # "Ngày 20 tháng 11 năm 2013" under the text: the date line, not a paragraph; signed ("Trần Văn Lực -
            # 25/10/2010", set apart), its name is the author's.
            signed = _name_beside_date(block.text)
            if (signed and out.author is None and formatted and bylines.looks_like_name(signed, formatted=True)
                    and bylines.plausible_person(signed)):
                out.author = bylines.tidy(signed)
            end -= 1
            continue
        signed = _signed_row(block) if end > 1 else None
        if signed is not None:
            # The writer and the place and day in two pieces of one row under the text, which its text runs together
            # ("<span>Khánh Linh (Đội CSGT)</span><span>Phước Hậu, ngày 7 tháng 9 năm 2026</span>").
            out.author = out.author or signed
            end -= 1
            continue
        if formatted and end > 1 and bylines.unit_signature(block.text):
            # The unit signing the story, set apart under it ("Phòng An ninh mạng …", right-aligned, bold): a
            # byline, and no author.
            end -= 1
            continue
        if bylines.looks_like_name(block.text, formatted=formatted) and end > 1:
            if out.author is None or not bylines.plausible_person(out.author):
                # No author yet, or only an account's name from a labelled line ("Tác giả: bientap"): the writer.
                out.author = bylines.tidy(block.text)
            else:
                out.signature = bylines.tidy(block.text)
            end -= 1
            continue
        break
    return texts[:end]


def _name_beside_date(text: str) -> str | None:
    """The one part of a signed date line that is not the date: "Trần Văn Lực" of "Trần Văn Lực - 25/10/2010"."""
    # Split at a meta line's separators, not at a comma: "Phước Hậu, ngày 7 tháng 9 năm 2026" is a place and its date.
    parts = [p for p in dating.SEGMENTS.split(text) if p.strip()]
    words = [p.strip() for p in parts if not re.search(r"\d", p)]
    return words[0] if len(words) == 1 and len(parts) >= 2 else None


SIGNED_ROW_CHARS = 120


def _signed_row(block: Block) -> str | None:
    """The writer's name of a row made of two elements, a person's name and a date line, and nothing else."""
    owner = block.owner
    parts = [c for c in owner if isinstance(c.tag, str)]
    if (len(block.text) > SIGNED_ROW_CHARS or len(parts) != 2 or (owner.text or "").strip()
            or any((c.tail or "").strip() for c in parts)):
        return None
    texts = [dom.text_of(c) for c in parts]
    dated = [dating.from_line(t) is not None for t in texts]
    if dated.count(True) != 1:
        return None
    name = texts[dated.index(False)]
    if not (bylines.looks_like_name(name, formatted=True) and bylines.plausible_person(name)):
        return None
    return bylines.tidy(name)


def _truncation_of(short: str, full: str, key: _Keys) -> bool:
    """`short` is `full` cut off (meta descriptions, excerpts): "Chiều 15/6, Bộ Công an …"."""
    cut = short.rstrip(" .…").removesuffix("...").rstrip(" .…")
    if len(cut) < 40 or len(cut) >= len(full) + 1:
        return False
    return key(full).startswith(key(cut))
