"""In-memory state of a running sandbox: the switches of the control plane.

Everything here is per process and is cleared by ``POST /__sandbox__/reset``; the data
itself lives in SQLite.
"""
