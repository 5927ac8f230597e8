"""Stored records read and written through one typed mapping: documents written before it keep loading unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from coaching.core.nudges import Delivery

SENT_BEFORE = {"id": "slack:T1:U1:0123456789abcdef", "items": ["followup:abc"], "attempts": 2, "status": "sent",
               "at": "2025-11-15T09:00:00+00:00", "sent_at": "2025-11-15T09:00:01+00:00", "error": "rate limited"}
NEVER_TRIED = {"id": "k", "items": ["a", "b"]}  # the oldest shape: no status, no attempts yet


def test_a_delivery_document_written_before_records_were_typed_round_trips_unchanged() -> None:
    record = Delivery.load(SENT_BEFORE)
    assert record.at == datetime(2025, 11, 15, 9, tzinfo=UTC)
    assert record.until is None
    assert record.items == ("followup:abc",)
    assert record.dump() == SENT_BEFORE


def test_a_document_without_the_later_fields_loads_with_their_defaults() -> None:
    record = Delivery.load(NEVER_TRIED)
    assert (record.attempts, record.status, record.at, record.error) == (0, None, None, None)
    assert record.dump() == {**NEVER_TRIED, "attempts": 0}
