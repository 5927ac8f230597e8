"""The `coach` command as a person runs it: piped console, check, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def coach(*args: str, stdin: str = "", cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=60,
    )


def clean_env() -> dict:
    import os

    secrets = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "DATABASE_URL")
    return {k: v for k, v in os.environ.items() if k not in secrets}


def test_piped_console_answers_each_line_and_exits(tmp_path):
    script = (
        "add Priya Shah, met at PyCon 2026 yesterday, works on ML infra, wants intros to data teams #conference\n"
        "followups\n"
        "draft priya\n"
    )
    result = coach("console", "--data", str(tmp_path / "data"), stdin=script, env=clean_env())
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Added Priya Shah." in out
    assert "Met: at PyCon 2026, yesterday" in out
    assert "Tags: #conference" in out
    assert "Priya Shah, met at PyCon 2026" in out
    assert "Hi Priya, thanks for the chat at PyCon 2026 yesterday." in out
    assert "ML infra" in out.split("draft priya", 1)[1]


def test_console_saves_exports_to_a_file(tmp_path):
    result = coach("console", "--data", str(tmp_path / "data"), stdin="add Jo Kim\nexport\n", env=clean_env())
    assert result.returncode == 0, result.stderr
    saved = tmp_path / "data" / "exports" / "networking-coach-export.json"
    assert f"Saved networking-coach-export.json to {saved}" in result.stdout
    assert '"name": "Jo Kim"' in saved.read_text()


def test_forget_me_in_the_console_deletes_the_saved_exports_too(tmp_path):
    data = tmp_path / "data"
    result = coach("console", "--data", str(data), stdin="add Jo Kim\nexport csv\nexport\nforget me\nyes\n", env=clean_env())
    assert result.returncode == 0, result.stderr
    assert "Saved contacts.csv" in result.stdout and "deleted everything" in result.stdout
    assert not (data / "exports").exists()
    assert not list((data / "users").glob("*/*"))


def test_an_export_with_nothing_stored_yet_is_still_saved(tmp_path):
    result = coach("console", "--data", str(tmp_path / "data"), stdin="export\n", env=clean_env())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "exports" / "networking-coach-export.json").exists()


def test_run_without_tokens_opens_the_console(tmp_path):
    result = coach("run", "--data", str(tmp_path / "data"), stdin="help\n", env=clean_env())
    assert result.returncode == 0, result.stderr
    assert "Networking coach" in result.stdout


def test_check_says_what_would_start(tmp_path):
    result = coach("check", "--config", str(ROOT / "config.example.toml"), env=clean_env())
    assert result.returncode == 0
    assert "Slack: not starting (socket mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN" in result.stdout
    assert "Discord: not starting" in result.stdout
    assert "Config OK." in result.stdout
    env = {**clean_env(), "DISCORD_TOKEN": "x"}
    assert "Discord: will start (commands sync globally)" in coach("check", env=env, cwd=tmp_path).stdout


def test_bad_config_is_one_clear_line_not_a_traceback(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text("[slack]\nmode = 'fax'\n")
    result = coach("check", "--config", str(bad), env=clean_env())
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Config problem at `slack.mode`")


def test_second_process_on_the_same_data_dir_is_refused(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from bot.app import open_coach; open_coach({str(data)!r}); print('ready', flush=True); "
                               "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = coach("console", "--data", str(data), stdin="help\n", env=clean_env())
        assert result.returncode == 1
        assert "Another coach process" in result.stderr and "--data" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.communicate("")
