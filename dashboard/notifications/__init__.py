"""What waits, told to managers who are not looking: a daily digest, and alerts for items that
have waited too long, by e-mail (and optionally a chat webhook), each user's own settings.

WebWork sends no webhook for timesheets, leave or time requests, so the worker reads them: for
each user, each workspace their connection reaches where their role may decide, one page of each
kind's waiting list (three calls), at background priority. Mail goes through the outbox; each
digest and each alerted item is claimed once across every worker (``dashboard.scheduling``).
"""
