"""The error of a control-plane request that cannot be honoured."""

from __future__ import annotations


class ControlError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
