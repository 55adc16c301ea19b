"""The scheduler's own housekeeping: old claims are deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from .jobs import periodic

# Slots of periodic jobs are of no use once past; other claims (a user's digest of one morning)
# are kept long enough that nobody claims the same key again by mistake.
SLOT_RETENTION = timedelta(days=2)
CLAIM_RETENTION = timedelta(days=90)


@periodic("scheduling.prune", every=timedelta(hours=1))
def prune_claims(now: datetime) -> None:
    from .models import Claim

    Claim.objects.filter(key__startswith="periodic:", claimed_at__lt=now - SLOT_RETENTION).delete()
    Claim.objects.filter(claimed_at__lt=now - CLAIM_RETENTION).delete()
