"""Reading an answer's body as a stream, never more than a cap of decoded bytes.

httpx would decode a gzip body in one go: a few hundred compressed kilobytes can become
gigabytes in memory. Here the raw bytes are decompressed step by step, at most ``STEP`` bytes
of output at a time, and reading stops as soon as the decoded total passes the cap. Only the
encodings the dashboard asks for (``ACCEPT_ENCODING``) are read; anything else is refused.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from itertools import chain

import httpx

from dashboard.webwork.transport.deadline import Deadline

ACCEPT_ENCODING = "gzip, deflate"
STEP = 64 * 1024
# WebWork's deepest answers nest about eight levels; Django and pickle fail near a thousand.
MAX_DEPTH = 64
_BRACKETS_AND_STRINGS = bytes(b for b in range(256) if b not in b'[]{}"\\')
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_INNERMOST = re.compile(rb"\[\]|\{\}")


class BodyRefused(Exception):
    """The body is too large, nested too deep, or in an encoding the dashboard does not read."""


def read_body(response: httpx.Response, *, limit: int, deadline: Deadline) -> bytes:
    """The decoded body, or BodyRefused past ``limit`` bytes; ReadTimeout past ``deadline``."""
    declared = response.headers.get("Content-Length", "")
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if declared.isdigit() and not encoding and int(declared) > limit:
        raise BodyRefused(f"larger than {_size(limit)}")
    decode = _decoder(encoding)
    if response.is_stream_consumed:  # built in memory (a test's MockTransport), never streamed
        if len(response.content) > limit:
            raise BodyRefused(f"larger than {_size(limit)}")
        return response.content
    chunks: list[bytes] = []
    size = 0
    for raw in chain(response.iter_raw(), [b""]):  # b"": the end, for what a decoder holds
        for piece in decode(raw):
            size += len(piece)
            if size > limit:
                chunks.clear()  # an error's traceback must not keep what was read alive
                raise BodyRefused(f"larger than {_size(limit)}")
            chunks.append(piece)
        if deadline.expired:
            raise httpx.ReadTimeout("the body did not arrive in time")
    return b"".join(chunks)


def decode_json(content: bytes, max_depth: int = MAX_DEPTH) -> object:
    """The JSON value of ``content``; ValueError if it is none, BodyRefused if nested too deep."""
    try:
        value = json.loads(content)
    except RecursionError as exc:
        raise BodyRefused("nested too deeply") from exc
    if _depth_exceeds(content, max_depth):
        raise BodyRefused("nested too deeply")
    return value


def _depth_exceeds(content: bytes, limit: int) -> bool:
    """Whether valid JSON nests deeper than ``limit``, found without recursing over it."""
    # Keep brackets and the strings holding them; drop the strings; peel innermost pairs.
    structure = _STRING.sub(b"", content.translate(None, _BRACKETS_AND_STRINGS))
    for _ in range(limit):
        if not structure:
            return False
        structure = _INNERMOST.sub(b"", structure)
    return bool(structure)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit} bytes"


def _decoder(encoding: str) -> _Decode:
    if encoding in ("", "identity"):
        return _identity
    if encoding in ("gzip", "x-gzip"):
        return _Inflate(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return _Inflate(zlib.MAX_WBITS, raw_fallback=True)
    raise BodyRefused(f"in an encoding the dashboard does not read ({encoding[:40]})")


class _Decode:
    def __call__(self, data: bytes) -> Iterator[bytes]:
        raise NotImplementedError


class _Identity(_Decode):
    def __call__(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data


_identity = _Identity()


class _Inflate(_Decode):
    """zlib, gzip or (for servers that send it as ``deflate``) raw deflate, in bounded steps."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._zlib = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback

    def __call__(self, data: bytes) -> Iterator[bytes]:
        if not data:
            rest = self._zlib.flush()
            if rest:
                yield rest
            return
        pending = data
        while pending and not self._zlib.eof:
            try:
                piece = self._zlib.decompress(pending, STEP)
            except zlib.error as exc:
                if not self._raw_fallback:
                    raise BodyRefused("compressed wrongly") from exc
                self._raw_fallback = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_fallback = False
            pending = self._zlib.unconsumed_tail
            if not piece:
                return
            yield piece
