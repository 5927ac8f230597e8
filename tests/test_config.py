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
    assert config.coach.workers == 8
    assert config.slack.mode == "socket"
    assert config.slack.api_url == "https://slack.com/api/"
    text = (ROOT / "config.example.toml").read_text()
    for key in ("data_dir", "sweep_seconds", "daily_cap", "misfire_grace_seconds", "workers", "send_lease_seconds",
                "enabled", "mode", "port", "path", "api_url", "authorize_url", "guilds", "shard_count", "shard_ids",
                "channel_nudges", "platform", "channel", "cron", "timezone", "kind"):
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
        ("[coach]\nworkers = 0", "coach.workers", "positive"),
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


MANY = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "s", "COACH_SECRET_KEY": "k"}


def test_a_client_id_without_a_bot_token_means_many_workspaces(tmp_path):
    config = load_config(write(tmp_path, '[slack]\nmode = "http"\nauthorize_url = "https://slack-gov.com/oauth/v2/authorize"\n'),
                         env=MANY)
    assert config.slack.many_workspaces and config.slack.ready
    assert config.slack.authorize_url == "https://slack-gov.com/oauth/v2/authorize"
    short = load_config(write(tmp_path, '[slack]\nmode = "http"\n'), env={"SLACK_CLIENT_ID": "1.2"})
    assert short.slack.missing == ["SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET", "COACH_SECRET_KEY"]
    single = load_config(write(tmp_path, '[slack]\nmode = "http"\n'), env={**MANY, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert not single.slack.many_workspaces and single.slack.ready  # a bot token keeps single-workspace mode


@pytest.mark.parametrize(("text", "key"), [
    ('[slack]\nmode = "socket"\n', "slack.mode"),
    ('[slack]\nmode = "http"\nauthorize_url = "slack.com/oauth"\n', "slack.authorize_url"),
    ('[slack]\nmode = "http"\nsecret_key = "abc"\n', "slack.secret_key"),
    ("[discord]\nshard_ids = [0]\n", "discord.shard_ids"),
    ("[discord]\nshard_count = 2\nshard_ids = [0, 2]\n", "discord.shard_ids"),
    ("[discord]\nshard_count = 2\nshard_ids = [1, 1]\n", "discord.shard_ids"),
    ("[discord]\nshard_count = 0\n", "discord.shard_count"),
])
def test_many_workspace_and_shard_mistakes_name_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text), env=MANY if key.startswith("slack") else {})
    assert raised.value.key == key


def test_shard_settings_are_read(tmp_path):
    config = load_config(write(tmp_path, "[discord]\nshard_count = 4\nshard_ids = [1, 3]\n"), env={})
    assert (config.discord.shard_count, config.discord.shard_ids) == (4, (1, 3))


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
