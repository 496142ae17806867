"""Vietnamese dates, day first, in Asia/Ho_Chi_Minh.

Every parser here is strict and returns None rather than guess: a wrong publish date is
worse than none, and "now" is never an answer. A value with a time of day comes back as
an aware datetime in ``TZ``; a value with only a day comes back as a ``date``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EARLIEST_YEAR = 1990

Published = datetime | date

_ISO = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
# NukeViet formats with PHP 'Y-m-dTH:i:s' where T is the zone abbreviation: "2017-09-13+0709:36:00".
_NUKEVIET_ISO = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?P<tz>[+-]\d{2}(?:\d{2})??)(?P<time>\d{2}:\d{2}(?::\d{2})?)"
)

_DMY = re.compile(r"(?<![\d.])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d])")
# Year first without padding, as Chinese-made forum and portal software prints it: "2026-9-9 20:41", "2026/09/09".
_YMD = re.compile(r"(?<![\d./-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-])")
# "ngày 17 tháng 08 năm 2018", "6 tháng 11 năm 2026", "21 tháng 8, 2025".
_WORDY = re.compile(r"(?:ngày\s+)?\b(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+|\s*,\s*)(\d{4})", re.IGNORECASE)
# Ghost and other localised blog engines: "28 Thg 10 2025", "28 Tháng 10, 2025"; a date badge's "05 Th10 2024".
_THG = re.compile(r"\b(\d{1,2})\s+(?:thg|tháng|th)\s*(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
# Month first, as Moment.js's Vietnamese locale prints "MMM D, YYYY": "thg 8 20, 2025".
_THG_MDY = re.compile(r"\b(?:thg|tháng)\s*(\d{1,2})\s+(\d{1,2}),\s*(\d{4})\b", re.IGNORECASE)
# English month names, as servers without a Vietnamese locale print them: "January 20, 2025", "20 Jan 2025".
_MONTHS = {name: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Vietnamese month names in words, as forum software's locales print them: "30 Tháng Mười Một, 2026".
_VI_MONTHS = {"giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
              "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
_VI_MONTH_WORD = "|".join(sorted(_VI_MONTHS, key=len, reverse=True)).replace(" ", r"\s+")
_VI_WORDY = re.compile(rf"\b(\d{{1,2}})\s+tháng\s+({_VI_MONTH_WORD})\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
# "July 8, 2025", "July 8. 2025" (Serendipity's default), "Jul 8th 2025".
_ENGLISH_MDY = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?[,.]?\s+(\d{{4}})\b", re.IGNORECASE)
_ENGLISH_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\d:/.-])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\s*(SA|CH|AM|PM|sáng|chiều|tối)\b)?(?![\d/.-])",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ\s*nhật|cn|t[2-7]|"
    # English names in full only: "Thu", "Sun" are Vietnamese names ("Thu Hà").
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# Words a date line may carry besides the date itself. Anything else ("Sáng", "tại Hà Nội")
# means the line is prose that mentions a date, not a date line.
_LINE_WORDS = frozenset({
    "ngày", "tháng", "năm", "lúc", "giờ", "đăng", "cập", "nhật", "xuất", "bản", "thời", "gian",
    "gmt", "utc", "ict", "sa", "ch", "am", "pm", "posted", "on", "published", "updated", "date", "time",
    "lần", "cuối",  # "Cập nhật lần cuối"
    "đã", "phát", "hành", "vào",  # "Đã phát hành 8/7/2026", "Đã đăng vào thg 8 20, 2025"
    "tin",  # "Tin đăng 29/11/2026 16:45"
    "được",  # Joomla's "Được đăng: Thứ năm, 26 Tháng 11 2026"
})


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=TZ)
    return value.astimezone(TZ)


def _plausible(day: date, now: datetime | None) -> bool:
    limit = (now or datetime.now(TZ)).astimezone(TZ).date() + timedelta(days=1)
    return day.year >= EARLIEST_YEAR and day <= limit


def iso(value: datetime | date | None) -> str | None:
    """The one machine form of a moment: ISO 8601 in Asia/Ho_Chi_Minh with its offset, to the second, for a
    datetime; ``YYYY-MM-DD`` for a bare day (a page that shows only the day); None for None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(TZ).isoformat(timespec="seconds")
    return value.isoformat()


def parse_iso(value: str) -> Published | None:
    """ISO 8601 (and NukeViet's broken variant) -> datetime in TZ, or a date when no time is given."""
    value = value.strip()
    match = _NUKEVIET_ISO.fullmatch(value)
    if match:
        tz = match["tz"] if len(match["tz"]) > 3 else match["tz"] + ":00"
        return _aware(datetime.fromisoformat(f"{match['date']}T{match['time']}{tz}"))
    match = _ISO.fullmatch(value)
    if not match:
        return None
    if not match["time"]:
        return date.fromisoformat(match["date"])
    hour, rest = match["time"].split(":", 1)
    tz = match["tz"] or ""
    if tz == "Z":
        tz = "+00:00"
    elif tz and ":" not in tz:
        tz = tz[:3] + ":" + (tz[3:] or "00")
    return _aware(datetime.fromisoformat(f"{match['date']}T{int(hour):02d}:{rest}{tz}"))


def time_of(match: re.Match[str]) -> time | None:
    """The time of a match of a time pattern: groups hour, minute, second (optional), SA/CH/AM/PM marker."""
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3]) if match[3] else 0
    marker = (match[4] or "").lower()
    if marker in ("ch", "pm", "chiều", "tối") and hour < 12:
        hour += 12
    elif marker in ("sa", "am", "sáng") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


_FULL_DAYS = (_DMY, _YMD, _WORDY, _THG, _THG_MDY, _ENGLISH_MDY, _ENGLISH_DMY, _VI_WORDY)
# A run of digits that may hold a year: every pattern of `_FULL_DAYS` reads its year as four digits (`\d{4}`).
_DIGIT_RUN = re.compile(r"\d{4,}")


def first_day_at(text: str) -> int | None:
    """Where the first full date (day, month and year) of a text starts, or None."""
    starts = [m.start() for pattern in _FULL_DAYS for m in [pattern.search(text)] if m is not None]
    return min(starts) if starts else None


def days_in(text: str) -> set[date]:
    """Every full date (day, month and year) a text names, as days."""
    found: set[date] = set()
    rest = text
    while (hit := _find_day(rest)) is not None:
        found.add(hit[0])
        rest = rest[: hit[1].start()] + " " + rest[hit[1].end():]
    return found


def _find_day(text: str) -> tuple[date, re.Match[str]] | None:
    for pattern, order in ((_DMY, (1, 3, 4)), (_YMD, (4, 3, 1)), (_WORDY, (1, 2, 3)), (_THG, (1, 2, 3)),
                           (_THG_MDY, (2, 1, 3))):
        for match in pattern.finditer(text):
            d, m, y = (int(match[i]) for i in order)
            if pattern is _DMY and m > 12 >= d:
                d, m = m, d  # "5/23/2024 8:15:00 AM": an en-US server's month first, the only reading there is
            try:
                return date(y, m, d), match
            except ValueError:
                continue
    for pattern, (day_at, month_at) in ((_ENGLISH_MDY, (2, 1)), (_ENGLISH_DMY, (1, 2))):
        for match in pattern.finditer(text):
            try:
                return date(int(match[3]), _MONTHS[match[month_at].lower()], int(match[day_at])), match
            except ValueError:
                continue
    for match in _VI_WORDY.finditer(text):
        try:
            return date(int(match[3]), _VI_MONTHS[" ".join(match[2].lower().split())], int(match[1])), match
        except ValueError:
            continue
    return None


def parse_date(text: str, now: datetime | None = None) -> Published | None:
    """The first full date (day, month and year) in a text, with its time of day when one is next to it.

    Reads ISO 8601, RFC 822 (feeds) and the day-first forms of Vietnamese portals:
    "13/09/2017 09:36", "03-05-2024", "16.02.2024 | 23:46:40", "ngày 17 tháng 08 năm 2018",
    "Ngày đăng 18/03/2019 | 04:01 PM", "13/09/2017 9:36 CH". A day without a year is not a date.
    """
    text = " ".join(text.split())
    if not text:
        return None
    value: Published | None = parse_iso(text)
    if value is None and re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2} [A-Za-z]{3} \d{4}", text):
        try:
            value = _aware(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            value = None
    if value is not None:
        day = value.date() if isinstance(value, datetime) else value
        return value if _plausible(day, now) else None
    found = _find_day(text)
    if found is None:
        return None
    day, match = found
    if not _plausible(day, now):
        return None
    # The time must be this day's: not across another date of the line ("Ngày đăng: 19/08/2025
    # Cập nhật: 03/11/2025 16:22" gives the posted day without the update's time).
    start, end = 0, len(text)
    years = _DIGIT_RUN.findall(text)
    if len(years) > 1 or (years and len(years[0]) > 7):
        # Another date needs a year of its own: with one run of digits that long, any other reading of a date
        # shares the year's digits with this one (its four digits and these overlap in a run of up to seven).
        for pattern in _FULL_DAYS:
            for other in pattern.finditer(text):
                if other.end() <= match.start():
                    start = max(start, other.end())
                elif other.start() >= match.end():
                    end = min(end, other.start())
    outside = text[start: match.start()] + " \x00 " + text[match.end(): end]
    moment = None
    for time_match in _TIME.finditer(outside):
        moment = time_of(time_match)
        break
    if moment is None:
        return day
    return datetime.combine(day, moment, tzinfo=TZ)


def parse_date_line(line: str, now: datetime | None = None) -> Published | None:
    """A date only when the whole line is a date line ("Thứ tư - 13/09/2017 09:36").

    A lead such as "Sáng 20/02/2025, tại Hà Nội, …" mentions an event date: it is prose and
    gives None, so an event date is never mistaken for the publish date.
    """
    line = " ".join(line.split())
    if not line or len(line) > 80:
        return None
    value = parse_date(line, now)
    if value is None:
        return None
    rest = _DMY.sub(" ", line)
    rest = _YMD.sub(" ", rest)
    rest = _WORDY.sub(" ", rest)
    rest = _THG.sub(" ", rest)
    rest = _THG_MDY.sub(" ", rest)
    rest = _ENGLISH_MDY.sub(" ", rest)
    rest = _ENGLISH_DMY.sub(" ", rest)
    rest = _VI_WORDY.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    rest = re.sub(r"\(?\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]+)?", " ", rest)
    words = re.findall(r"[^\W\d_]+|\d+", rest.lower())
    if any(w not in _LINE_WORDS for w in words):
        return None
    return value


_DAY_MONTH = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?![\d/.-])|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s+năm)",
    re.IGNORECASE,
)


def parse_day_month(text: str, reference: date) -> date | None:
    """A day without a year ("15/6", "ngày 15 tháng 6"), placed in the year that makes it not after ``reference``.

    For listings and leads that omit the year; the reference is the page's own publish date
    or the crawl day. Never used to invent a publish date for an article page.
    """
    match = _DAY_MONTH.search(text)
    if not match:
        return None
    day, month = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), int(match[4]))
    for year in (reference.year, reference.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29/2 outside a leap year: try the year before
        if candidate <= reference:
            return candidate
    return None


def parse_rss_date(value: str, *, minutes_unreliable: bool = False) -> Published | None:
    """An RSS/Atom date. NukeViet formats ``pubDate`` with PHP ``H:m:s``: its "minutes" are the
    month number, so with ``minutes_unreliable`` only the day is kept."""
    parsed = parse_date(value)
    if parsed is None or not isinstance(parsed, datetime):
        return parsed
    if minutes_unreliable:
        # The day is right in the feed's own zone; converting the broken time could move it.
        try:
            raw = parsedate_to_datetime(" ".join(value.split()))
        except (TypeError, ValueError):
            return parsed.date()
        return raw.date()
    return parsed


_RELATIVE_WORDS = re.compile(
    r"\b\d{1,2}\s*(?:phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*trước\b|\bhôm\s*(?:qua|nay|kia)\b", re.IGNORECASE
)
_ISO_WORDS = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]+)?")
_ZONE_WORDS = re.compile(r"\(?\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?", re.IGNORECASE)


_DATE_PARTS = (_ISO_WORDS, _DMY, _YMD, _WORDY, _THG, _THG_MDY, _ENGLISH_MDY, _ENGLISH_DMY, _VI_WORDY, _TIME, _WEEKDAY,
               _ZONE_WORDS, _RELATIVE_WORDS)


def without_dates(text: str) -> str:
    """``text`` with every date, time, weekday, time zone and relative date ("2 ngày trước") blanked out."""
    for pattern in _DATE_PARTS:
        text = pattern.sub(" ", text)
    return text
