"""Pitch practice: scoring an elevator pitch against the rubric, drills, and what to practise next.

The scorer's public names are re-exported here, so `from coaching.pitch import score_pitch` keeps working.
"""

from coaching.pitch.scoring import (
    CRITERIA,
    ONLINE_LIMIT,
    RUBRIC_VERSION,
    SCENARIOS,
    WPM,
    Criterion,
    PitchScore,
    score_pitch,
)

__all__ = ["CRITERIA", "ONLINE_LIMIT", "RUBRIC_VERSION", "SCENARIOS", "WPM", "Criterion", "PitchScore", "score_pitch"]
