"""How a write's answer is read back when WebWork may or may not send the changed record."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.webwork.records.pages import Envelope
from dashboard.webwork.records.parsing import Json, as_mapping


def record_or_none[T](from_json: Callable[[Json], T]) -> Callable[[Envelope], T | None]:
    """Read ``data`` as one record, or None when it holds no object (an update's bare message)."""

    def read(envelope: Envelope) -> T | None:
        data = as_mapping(envelope.data)
        return from_json(data) if data else None

    return read
