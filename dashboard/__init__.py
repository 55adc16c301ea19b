"""The WebWork manager dashboard."""

__version__ = "0.1.0"
