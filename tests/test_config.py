"""Config: every setting documented, bad values named with a fix, secrets only from the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_and_documents_every_setting():
    config = load_config(ROOT / "config.example.toml", env={})
    assert config.coach.sweep_seconds == 60
    assert config.slack.mode == "socket"
    assert config.slack.api_url == "https://slack.com/api/"
    text = (ROOT / "config.example.toml").read_text()
    for key in ("data_dir", "sweep_seconds", "daily_cap", "misfire_grace_seconds", "send_lease_seconds", "enabled", "mode",
                "port", "path", "api_url", "guilds", "channel_nudges", "platform", "channel", "cron", "timezone", "kind"):
        assert re.search(rf"^#?\s*\[?\[?{key}\b", text, re.MULTILINE), key


def test_defaults_without_a_file():
    config = load_config(None, env={})
    assert not config.has_platform
    assert config.channel_nudges == ()


def test_secrets_come_from_the_environment():
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "DISCORD_TOKEN": "d"}
    config = load_config(None, env=env)
    assert config.slack.ready and config.discord.ready
    http = load_config(None, env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert not http.slack.ready


@pytest.mark.parametrize(
    ("text", "key", "hint"),
    [
        ("bogus = 1", "config.bogus", "Known settings"),
        ("[coach]\nsweep_seconds = 'fast'", "coach.sweep_seconds", "number"),
        ("[coach]\nsweep_seconds = 0", "coach.sweep_seconds", "positive"),
        ("[coach]\ndaily_cap = true", "coach.daily_cap", "number"),
        ("[slack]\nmode = 'carrier pigeon'", "slack.mode", "socket"),
        ("[slack]\nport = 70000", "slack.port", "65535"),
        ("[slack]\napi_url = 'slack.com'", "slack.api_url", "https://"),
        ("[slack]\nbot_token = 'xoxb-secret'", "slack.bot_token", "environment"),
        ("[discord]\ntoken = 'secret'", "discord.token", "environment"),
        ("[discord]\nguilds = ['abc']", "discord.guilds", "numbers"),
        ("[[channel_nudges]]\nplatform = 'slack'\nchannel = 'C1'", "channel_nudges[0].cron", "cron"),
        ("[[channel_nudges]]\nplatform = 'irc'\nchannel = 'C1'\ncron = '0 9 * * mon'", "channel_nudges[0].platform", "slack"),
        ("[[channel_nudges]]\nplatform = 'slack'\nchannel = 'C1'\ncron = 'every monday'", "channel_nudges[0].cron", "five"),
        ("[[channel_nudges]]\nplatform = 'slack'\nchannel = 'C1'\ncron = '0 9 * * mon'\ntimezone = 'Mars/Base'",
         "channel_nudges[0].timezone", "IANA"),
        ("[[channel_nudges]]\nplatform = 'slack'\nchannel = 'C1'\ncron = '0 9 * * mon'\nkind = 'spam'",
         "channel_nudges[0].kind", "tip"),
        ("[coach\n", "config.toml", "TOML"),
        ("slack = 3", "slack", "[slack] section"),
    ],
)
def test_bad_settings_name_the_key_and_the_fix(tmp_path, text, key, hint):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), env={})
    message = str(caught.value)
    assert key in message
    assert hint.casefold() in message.casefold()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml", env={})


def test_relative_data_dir_is_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, "[coach]\ndata_dir = 'store'"), env={})
    assert config.coach.data_dir == tmp_path.resolve() / "store"


def test_the_database_and_the_send_lease():
    config = load_config(None, env={"DATABASE_URL": "postgresql://coach@db/coach"})
    assert (config.coach.database_url, config.coach.send_lease_seconds) == ("postgresql://coach@db/coach", 60)
    assert load_config(None, env={}).coach.database_url is None


def test_a_database_url_in_the_file_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ConfigError, match="set DATABASE_URL in the environment"):
        load_config(write(tmp_path, '[coach]\ndatabase_url = "postgresql://coach:pw@db/coach"\n'), env={})
    with pytest.raises(ConfigError, match=r"coach\.send_lease_seconds"):
        load_config(write(tmp_path, "[coach]\nsend_lease_seconds = 0\n"), env={})
    assert load_config(write(tmp_path, "[coach]\nsend_lease_seconds = 90\n"), env={}).coach.send_lease_seconds == 90
