"""When a digest is due, in the user's own time zone: around midnight UTC, and across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.notifications import timing
from dashboard.notifications.models import NotificationSettings

AUCKLAND, LOS_ANGELES = "Pacific/Auckland", "America/Los_Angeles"


def prefs(zone: str, hour: int, **extra) -> NotificationSettings:
    return NotificationSettings(time_zone=zone, digest_hour=hour, digest_enabled=True, **extra)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_around_midnight_utc_auckland_is_already_tomorrow_and_los_angeles_still_yesterday():
    before, after = utc(2026, 1, 15, 23, 58), utc(2026, 1, 16, 0, 2)
    # 12:58 and 13:02 on the 16th in Auckland (NZDT, UTC+13)
    assert prefs(AUCKLAND, 13).digest_due(before) is None
    assert prefs(AUCKLAND, 13).digest_due(after) == date(2026, 1, 16)
    # 15:58 and 16:02 on the 15th in Los Angeles (PST, UTC-8): the UTC date is already the 16th
    assert prefs(LOS_ANGELES, 16).digest_due(before) is None
    assert prefs(LOS_ANGELES, 16).digest_due(after) == date(2026, 1, 15)


def test_a_day_whose_digest_is_done_is_not_due_again_until_the_next_local_day():
    done = prefs(AUCKLAND, 8, digest_done_on=date(2026, 1, 16))
    assert done.digest_due(utc(2026, 1, 16, 10, 0)) is None  # 23:00 on the 16th there
    assert done.digest_due(utc(2026, 1, 16, 18, 59)) is None  # 07:59 on the 17th
    assert done.digest_due(utc(2026, 1, 16, 19, 0)) == date(2026, 1, 17)


def test_the_hour_follows_daylight_saving_time():
    # Los Angeles: 08:00 is 16:00 UTC in winter (PST) and 15:00 UTC in summer (PDT).
    assert prefs(LOS_ANGELES, 8).digest_due(utc(2026, 1, 15, 15, 30)) is None
    assert prefs(LOS_ANGELES, 8).digest_due(utc(2026, 1, 15, 16, 0)) == date(2026, 1, 15)
    assert prefs(LOS_ANGELES, 8).digest_due(utc(2026, 7, 15, 15, 0)) == date(2026, 7, 15)
    # Auckland: 08:00 is 19:00 UTC the day before in summer (NZDT), 20:00 in winter (NZST).
    assert prefs(AUCKLAND, 8).digest_due(utc(2026, 1, 14, 19, 0)) == date(2026, 1, 15)
    assert prefs(AUCKLAND, 8).digest_due(utc(2026, 7, 14, 19, 30)) is None
    assert prefs(AUCKLAND, 8).digest_due(utc(2026, 7, 14, 20, 0)) == date(2026, 7, 15)


def test_an_hour_the_clocks_skip_comes_at_the_first_hour_after():
    # 8 March 2026, Los Angeles: 02:00 PST becomes 03:00 PDT (10:00 UTC); 02:00 never happens.
    assert prefs(LOS_ANGELES, 2).digest_due(utc(2026, 3, 8, 9, 59)) is None  # 01:59 PST
    assert prefs(LOS_ANGELES, 2).digest_due(utc(2026, 3, 8, 10, 0)) == date(2026, 3, 8)


def test_an_hour_the_clocks_repeat_gives_one_digest():
    # 5 April 2026, Auckland: 03:00 NZDT goes back to 02:00 NZST, so 02:xx happens twice.
    first = utc(2026, 4, 4, 13, 30)  # 02:30 NZDT
    again = utc(2026, 4, 4, 14, 30)  # 02:30 NZST
    settings = prefs(AUCKLAND, 2)
    assert settings.digest_due(first) == date(2026, 4, 5)
    settings.digest_done_on = date(2026, 4, 5)
    assert settings.digest_due(again) is None


def test_a_digest_webwork_did_not_answer_is_tried_again_later_a_few_times():
    day, at = date(2026, 1, 15), utc(2026, 1, 15, 16, 0)
    tried = prefs(LOS_ANGELES, 8, digest_tried_on=day, digest_tries=1, digest_tried_at=at)
    assert tried.digest_due(at + timedelta(minutes=29)) is None
    assert tried.digest_due(at + timing.RETRY_AFTER) == day
    tried.digest_tries = timing.DIGEST_TRIES
    assert tried.digest_due(at + timedelta(hours=5)) is None


def test_turning_the_digest_on_after_its_hour_starts_tomorrow():
    settings = prefs(LOS_ANGELES, 8)
    settings.skip_today_if_past(utc(2026, 1, 15, 20, 0))  # 12:00 there
    assert settings.digest_due(utc(2026, 1, 15, 21, 0)) is None
    assert settings.digest_due(utc(2026, 1, 16, 16, 0)) == date(2026, 1, 16)
    early = prefs(LOS_ANGELES, 8)
    early.skip_today_if_past(utc(2026, 1, 15, 14, 0))  # 06:00 there: today's is still to come
    assert early.digest_due(utc(2026, 1, 15, 16, 0)) == date(2026, 1, 15)


def test_a_digest_that_is_off_is_never_due():
    settings = prefs(AUCKLAND, 0)
    settings.digest_enabled = False
    assert settings.digest_due(utc(2026, 1, 15, 12, 0)) is None


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (utc(2026, 1, 15, 23, 59, 59), utc(2026, 1, 15, 23, 45)),
        (utc(2026, 1, 16, 0, 0, 0), utc(2026, 1, 16, 0, 0)),
        (utc(2026, 1, 16, 0, 14, 59), utc(2026, 1, 16, 0, 0)),
    ],
)
def test_alert_slots_are_quarter_hours_every_worker_agrees_on(now, slot):
    assert timing.alert_slot(now) == slot


def test_the_zone_list_is_iana_names_and_refuses_others():
    names = timing.zone_names()
    assert AUCKLAND in names and LOS_ANGELES in names and names[0] == "UTC"
    assert not timing.is_zone("Mars/Olympus_Mons")
    assert not timing.is_zone("../../etc/passwd")
    assert timing.is_zone("Europe/Berlin")
