"""The chase list: members who have not submitted a week's timesheet, reminders to them (by hand
or on a schedule) and submitting their sheets on their behalf.

``listing`` reads who is missing, ``reminders`` queues the e-mails, ``submitting`` makes the
bulk job, ``schedule`` says when a workspace's slot comes and runs it.
"""
