"""Vietnamese day-first dates, the NukeViet ISO bug, and never an event date from a lead."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.dates import TZ, parse_date, parse_date_line, parse_day_month, parse_iso, parse_rss_date

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=TZ)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TZ)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ tư - 13/09/2017 09:36", at(2017, 9, 13, 9, 36)),
        ("05/06/2020", date(2020, 6, 5)),
        ("03-05-2024", date(2024, 5, 3)),
        ("Thứ Bảy, 18/07/2015, 08:00", at(2015, 7, 18, 8, 0)),
        ("11:10 18/07/2022", at(2022, 7, 18, 11, 10)),
        ("Thứ 6, 16.02.2024 | 23:46:40", at(2024, 2, 16, 23, 46, 40)),
        ("Ngày đăng 18/03/2019 | 04:01 PM", at(2019, 3, 18, 16, 1)),
        ("13/09/2017 9:36 CH", at(2017, 9, 13, 21, 36)),
        ("13/09/2017 12:05 SA", at(2017, 9, 13, 0, 5)),
        ("Cập nhật: 10:20 ngày 12/3/2024", at(2024, 3, 12, 10, 20)),
        ("ngày 17 tháng 08 năm 2018", date(2018, 8, 17)),
        ("T2, 03/05/2024", date(2024, 5, 3)),
        ("CN, 05/05/2024 (GMT+7)", date(2024, 5, 5)),
    ],
)
def test_portal_date_lines(line: str, expected: object) -> None:
    assert parse_date_line(line, NOW) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Sáng 20/02/2025, tại Hà Nội, Bộ Công an tổ chức hội nghị",
        "Chiều 15/6",
        "Ngày 12-9",
        "Ngày 12/9/2024, Công an tỉnh phát hiện đối tượng",
        "Lượt xem: 1.203",
        "31/02/2024",
        "01/01/2099",
        "05/06/1899",
        "",
    ],
)
def test_not_a_publish_date_line(line: str) -> None:
    assert parse_date_line(line, NOW) is None


def test_lead_dates_need_a_year_and_prose_is_not_a_date_line() -> None:
    assert parse_date("Chiều 15/6, đoàn công tác đến") is None
    # parse_date reads a date anywhere; only parse_date_line vouches for a whole line.
    assert parse_date("Sáng 20/02/2025, tại Hà Nội", NOW) == date(2025, 2, 20)


def test_a_time_across_another_date_is_not_the_days() -> None:
    # The update's time follows the update's date: the posted day keeps no time.
    assert parse_date("Ngày đăng: 19/08/2025 Cập nhật: 03/11/2025 16:22") == date(2025, 8, 19)
    assert parse_date("19/08/2025 08:05 | Cập nhật: 03/11/2025 16:22") == datetime(2025, 8, 19, 8, 5, tzinfo=TZ)
    # One date: its time may stand on either side of it.
    assert parse_date("16:22 - 03/11/2025") == datetime(2025, 11, 3, 16, 22, tzinfo=TZ)

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-09-13T09:36:00+07:00", at(2017, 9, 13, 9, 36)),
        ("2017-09-13+0709:36:00", at(2017, 9, 13, 9, 36)),  # NukeViet's PHP 'T' bug
        ("2017-09-13T02:36:00Z", at(2017, 9, 13, 9, 36)),
        ("2017-09-13T02:36:00.123+0000", at(2017, 9, 13, 9, 36, 0, 123000)),
        ("2017-09-13 09:36:00", at(2017, 9, 13, 9, 36)),
        ("2017-09-13", date(2017, 9, 13)),
    ],
)
def test_iso_values(value: str, expected: object) -> None:
    assert parse_iso(value) == expected


def test_feed_dates() -> None:
    assert parse_date("Wed, 13 Sep 2017 09:36:00 +0700", NOW) == at(2017, 9, 13, 9, 36)
    assert parse_date("Wed, 13 Sep 2017 02:36:00 GMT", NOW) == at(2017, 9, 13, 9, 36)


def test_never_now_and_never_future() -> None:
    assert parse_date("không có ngày", NOW) is None
    tomorrow_plus = (NOW + timedelta(days=3)).strftime("%d/%m/%Y")
    assert parse_date(tomorrow_plus, NOW) is None


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 30))
clock = st.tuples(st.integers(0, 23), st.integers(0, 59))


@given(days, st.sampled_from(["/", "-", "."]), st.booleans())
def test_day_first_round_trip(day: date, sep: str, pad: bool) -> None:
    text = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}" if pad else f"{day.day}{sep}{day.month}{sep}{day.year}"
    assert parse_date_line(text, NOW) == day


@given(days, clock, st.sampled_from(["Thứ hai - {d} {t}", "{t} {d}", "Ngày đăng: {d} | {t}", "Cập nhật: {t} ngày {d}"]))
def test_date_and_time_round_trip(day: date, hm: tuple[int, int], template: str) -> None:
    line = template.format(d=day.strftime("%d/%m/%Y"), t=f"{hm[0]:02d}:{hm[1]:02d}")
    assert parse_date_line(line, NOW) == datetime(day.year, day.month, day.day, *hm, tzinfo=TZ)


@given(clock)
def test_twelve_hour_clock(hm: tuple[int, int]) -> None:
    hour12 = hm[0] % 12 or 12
    marker = "CH" if hm[0] >= 12 else "SA"
    got = parse_date_line(f"13/09/2017 {hour12}:{hm[1]:02d} {marker}", NOW)
    assert got == at(2017, 9, 13, hm[0], hm[1])


@given(days, st.sampled_from(["Sáng", "Chiều", "Tối", "Hôm nay", "Trưa"]), st.text(min_size=1, max_size=20))
def test_leads_with_event_dates_are_never_date_lines(day: date, when: str, tail: str) -> None:
    line = f"{when} {day.strftime('%d/%m/%Y')}, {tail}"
    assert parse_date_line(line, NOW) is None


@given(st.text(max_size=60))
def test_junk_never_raises(text: str) -> None:
    parse_date(text, NOW)
    parse_date_line(text, NOW)
    parse_iso(text)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Chiều 15/6, đoàn công tác", date(2025, 7, 1), date(2025, 6, 15)),
        ("Chiều 15/6, đoàn công tác", date(2025, 3, 1), date(2024, 6, 15)),  # not after the reference
        ("Ngày 12-9", date(2017, 9, 13), date(2017, 9, 12)),
        ("ngày 20 tháng 2", date(2025, 2, 21), date(2025, 2, 20)),
        ("29/2", date(2025, 3, 1), date(2024, 2, 29)),
        ("không có ngày", date(2025, 3, 1), None),
        ("32/13", date(2025, 3, 1), None),
    ],
)
def test_day_without_year(text: str, reference: date, expected: date | None) -> None:
    assert parse_day_month(text, reference) == expected


@given(days, days)
def test_day_without_year_is_never_after_its_reference(day: date, reference: date) -> None:
    got = parse_day_month(f"{day.day}/{day.month}", reference)
    if got is not None:
        assert got <= reference and (got.day, got.month) == (day.day, day.month)
        assert reference.year - got.year <= 1 or (got.month, got.day) == (2, 29)


def test_rss_dates_and_the_nukeviet_minutes_bug() -> None:
    assert parse_rss_date("Wed, 13 Sep 2017 09:36:00 +0700") == at(2017, 9, 13, 9, 36)
    # PHP "H:m:s": 09:09:00 means 9 o'clock in September; only the day can be trusted.
    assert parse_rss_date("Wed, 13 Sep 2017 09:09:00 +0700", minutes_unreliable=True) == date(2017, 9, 13)
    assert parse_rss_date("Wed, 13 Sep 2017 23:09:00 +0700", minutes_unreliable=True) == date(2017, 9, 13)
    assert parse_rss_date("not a date") is None
