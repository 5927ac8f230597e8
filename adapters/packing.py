"""Fitting text into a platform's size limit: pack whole parts, cut only a part that alone is too long."""

from __future__ import annotations


def pack(parts: list[str], separator: str, limit: int) -> list[str]:
    """Join `parts` with `separator` into pieces of at most `limit` characters, in order."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        while len(part) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(part[:limit])
            part = part[limit:]
        joined = f"{current}{separator}{part}" if current else part
        if len(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = part
    if current:
        pieces.append(current)
    return pieces
