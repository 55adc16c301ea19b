"""A stand-alone, contract-faithful WebWork REST API v2 server for demos and tests.

Run it with ``python -m sandbox serve``. It never imports the dashboard.
"""
