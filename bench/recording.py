"""What the sandbox answered, kept to be answered again: one file per doc variant.

A request is known by its method, its path, its query (sorted) and a digest of its body. The
answers are grouped in scenes: ``pages`` (the seeded workspace as every page reads it) and
``bulk`` (the same workspace with the time requests a bulk job approves). A lookup tries the
current scene, then ``pages``. A write nobody recorded for that id answers what a recorded write
of the same shape answered (``POST /time-requests/{id}/approve``), with the recorded id replaced
by the asked one: WebWork's success for that operation.

The file is gzip'd JSON: ``{"version", "variant", "recorded_at", "meta", "scenes": {scene:
{key: answer}}, "writes": {shape: {"ids": [...], "answer": answer}}}``, an answer being
``{"status", "headers": [[name, value], ...], "body": text}`` (``"body64"`` for bytes that are
not UTF-8).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

DEFAULT_SCENE = "pages"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Ids in paths: WebWork's numbers and the sandbox's UUIDs (and any long opaque token).
_ID = re.compile(r"^(\d+|[0-9a-fA-F-]{16,}|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]{15,})$")
# Headers the replay sets itself, or that describe the bytes on the wire rather than the answer.
NOT_KEPT = {
    "connection",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "keep-alive",
    "date",
    "server",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
}


def request_key(method: str, path: str, query: str, body: bytes) -> str:
    """``GET /api/v2/timesheets?page=1&status=submitted``, `` #<digest>`` after it for a body."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    key = f"{method.upper()} {path}"
    if pairs:
        key += "?" + urlencode(pairs)
    if body:
        key += " #" + body_digest(body)
    return key


def body_digest(body: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(canonical).hexdigest()[:16]


def shape(path: str) -> str:
    """The path with every id replaced by ``{id}``: ``/api/v2/time-requests/{id}/approve``."""
    return "/".join("{id}" if _ID.match(part) else part for part in path.split("/"))


def path_ids(path: str) -> list[str]:
    return [part for part in path.split("/") if _ID.match(part)]


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "headers": [list(h) for h in self.headers]}
        try:
            data["body"] = self.body.decode()
        except UnicodeDecodeError:
            data["body64"] = base64.b64encode(self.body).decode()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        body = base64.b64decode(data["body64"]) if "body64" in data else data["body"].encode()
        headers = [(str(k), str(v)) for k, v in data["headers"]]
        return cls(int(data["status"]), headers, body)

    @classmethod
    def kept(cls, status: int, headers: list[tuple[str, str]], body: bytes) -> Answer:
        return cls(status, [(k, v) for k, v in headers if k.lower() not in NOT_KEPT], body)


@dataclass
class Found:
    answer: Answer
    how: str  # "recorded" or "templated"


@dataclass
class Recording:
    variant: str = "api"
    meta: dict[str, Any] = field(default_factory=dict)
    scenes: dict[str, dict[str, Answer]] = field(default_factory=dict)
    writes: dict[str, tuple[list[str], Answer]] = field(default_factory=dict)
    recorded_at: str = ""

    def add(self, scene: str, method: str, path: str, key: str, answer: Answer) -> None:
        """Keep the first answer of each request in a scene (the state before later writes)."""
        self.scenes.setdefault(scene, {}).setdefault(key, answer)
        if method.upper() in WRITES and 200 <= answer.status < 300:
            self.writes.setdefault(f"{method.upper()} {shape(path)}", (path_ids(path), answer))

    def find(self, scene: str, method: str, path: str, key: str) -> Found | None:
        for name in (scene, DEFAULT_SCENE):
            answer = self.scenes.get(name, {}).get(key)
            if answer is not None:
                return Found(answer, "recorded")
        if method.upper() not in WRITES:
            return None
        template = self.writes.get(f"{method.upper()} {shape(path)}")
        if template is None:
            return None
        ids, answer = template
        body = answer.body
        for old, new in zip(ids, path_ids(path), strict=False):
            body = body.replace(old.encode(), new.encode())
        return Found(Answer(answer.status, answer.headers, body), "templated")

    def count(self) -> int:
        return sum(len(answers) for answers in self.scenes.values())

    def save(self, path: Path) -> None:
        data = {
            "version": 1,
            "variant": self.variant,
            "recorded_at": self.recorded_at or datetime.now(UTC).isoformat(timespec="seconds"),
            "meta": self.meta,
            "scenes": {
                scene: {key: answer.to_json() for key, answer in answers.items()}
                for scene, answers in self.scenes.items()
            },
            "writes": {
                name: {"ids": ids, "answer": answer.to_json()}
                for name, (ids, answer) in self.writes.items()
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump(data, out)

    @classmethod
    def load(cls, path: Path) -> Recording:
        with gzip.open(path, "rt", encoding="utf-8") as source:
            data = json.load(source)
        return cls(
            variant=data.get("variant", "api"),
            meta=data.get("meta", {}),
            scenes={
                scene: {key: Answer.from_json(a) for key, a in answers.items()}
                for scene, answers in data.get("scenes", {}).items()
            },
            writes={
                name: (list(w["ids"]), Answer.from_json(w["answer"]))
                for name, w in data.get("writes", {}).items()
            },
            recorded_at=data.get("recorded_at", ""),
        )
