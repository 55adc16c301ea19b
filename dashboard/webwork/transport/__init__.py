"""The lowest layer of the service layer: one request to WebWork, end to end.

``http`` holds the process's pooled client, ``session`` sends one request (pacing, bearer token,
retries, errors, envelope), ``budget`` is the shared rate budget, ``retry`` the backoff policy,
``cache`` the short-lived response cache, ``gather`` runs independent calls concurrently.
Nothing here knows a resource; resources know nothing of HTTP.
"""
