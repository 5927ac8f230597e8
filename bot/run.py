"""Process entry points behind `coach console` and `coach run`."""

from __future__ import annotations

from typing import TextIO

from bot.app import open_coach
from bot.config import Config
from bot.console import run_script


def console(config: Config, stdin: TextIO, stdout: TextIO) -> int:
    """Chat in the terminal; with piped input, answer each line and stop at the end."""
    coach = open_coach(config.coach.data_dir)
    try:
        return run_script(coach, config.coach.data_dir, stdin, stdout)
    finally:
        coach.close()
