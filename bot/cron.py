"""Reading cron expressions for channel posts, with APScheduler's parser (the same one that fires them)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

MIN_GAP = timedelta(hours=1)


def trigger(cron: str, zone: str) -> CronTrigger:
    """A five-field cron in an IANA zone, as APScheduler fires it; ValueError when it can't be read."""
    return CronTrigger.from_crontab(cron, timezone=ZoneInfo(zone))


def check_cron(cron: str, zone: str, now: datetime) -> None:
    """A usable five-field cron that posts at most once an hour, so a typo can't flood a channel.

    Raises ValueError with a sentence for the person who typed it.
    """
    try:
        fires = trigger(cron, zone)
    except ValueError:
        raise ValueError(
            f"“{cron}” isn't a schedule I can read. Use `daily`, `weekdays`, `weekly`, or five cron fields "
            "like `0 9 * * mon` (minute hour day month weekday)."
        ) from None
    fire = fires.get_next_fire_time(None, now)
    for _ in range(24):
        if fire is None:
            break
        following = fires.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if following is not None and following - fire < MIN_GAP:
            raise ValueError("That would post more than once an hour. Pick something calmer, like `0 9 * * mon`.")
        fire = following
