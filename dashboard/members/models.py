"""How far a manager has come in offboarding a member, so the flow resumes where it stopped.

One row per dashboard user, workspace and member. It keeps only what the flow needs to show
after the member has left WebWork's list: their name, the step, and each item's outcome (a name,
whether it worked, WebWork's message); the items themselves are always read from WebWork.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class Offboarding(models.Model):
    class Step(models.IntegerChoices):
        WAITING = 1, "What they have waiting"
        CONTRACTS = 2, "Their contracts"
        ARCHIVE = 3, "Archive"
        DONE = 4, "Done"

    # The results of each step are kept under these keys.
    STEP_KEYS: dict[int, str] = {
        Step.WAITING: "waiting",
        Step.CONTRACTS: "contracts",
        Step.ARCHIVE: "archive",
    }

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    workspace_id = models.BigIntegerField()
    member_id = models.BigIntegerField()
    member_name = models.CharField(max_length=255, blank=True)
    step = models.PositiveSmallIntegerField(choices=Step.choices, default=Step.WAITING)
    results = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace_id", "member_id"], name="one_offboarding_per_member"
            )
        ]
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Offboarding {self.member_name or self.member_id} (step {self.step})"

    @property
    def is_done(self) -> bool:
        return self.step == self.Step.DONE

    def results_of(self, step: int) -> list[tuple[str, bool, str]]:
        """Every outcome of ``step`` so far, oldest first, as ``(name, ok, message)``."""
        return [
            (str(n), bool(ok), str(m)) for n, ok, m in self.results.get(self.STEP_KEYS[step], [])
        ]

    def record(self, step: int, outcomes: list[tuple[str, bool, str]], *, advance: bool) -> None:
        """Add the outcomes of one attempt at ``step``; ``advance`` moves past it."""
        key = self.STEP_KEYS[step]
        self.results = {**self.results, key: [*self.results.get(key, []), *map(list, outcomes)]}
        if advance and self.step <= step:
            self.step = step + 1
        if self.step == self.Step.DONE and self.finished_at is None:
            self.finished_at = timezone.now()
        self.save()

    @classmethod
    def of(cls, user: Any, workspace_id: int, member_id: int) -> Offboarding | None:
        return cls.objects.filter(user=user, workspace_id=workspace_id, member_id=member_id).first()

    @classmethod
    def begin(cls, user: Any, workspace_id: int, member_id: int, name: str) -> Offboarding:
        found, _ = cls.objects.get_or_create(
            user=user,
            workspace_id=workspace_id,
            member_id=member_id,
            defaults={"member_name": name[:255]},
        )
        return found
