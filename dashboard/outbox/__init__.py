"""The outbox: e-mail and chat messages queued in the database and delivered by the worker.

Other apps call ``dashboard.outbox.mail.enqueue(...)`` (or ``enqueue_chat``); delivery, retries
and the audit of each attempt are this app's business.
"""
