"""The WebWork REST API v2 under /api/v2/: gateway, envelope, inputs and views."""
