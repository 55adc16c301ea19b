"""One exchange on the wire, and what its answer means: bounded in time and size, never redirected.

``receive`` sends a request and reads the whole answer within a deadline and a size cap (see
``deadline`` and ``body``). ``envelope_of`` turns a 2xx answer into the envelope, or into the
error it really is: not JSON, nested too deep, not an envelope, or ``success: false``.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from dashboard.webwork.errors import WebworkError, WebworkInvalid, WebworkUnavailable
from dashboard.webwork.records.pages import Envelope, parse_envelope
from dashboard.webwork.records.parsing import Malformed
from dashboard.webwork.transport.body import BodyRefused, decode_json, read_body
from dashboard.webwork.transport.deadline import Deadline, bounded


@dataclass(frozen=True)
class Answer:
    """An answer read to its end: status, headers and the decoded body."""

    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_redirect(self) -> bool:
        return 300 <= self.status < 400


def receive(
    http: httpx.Client, request: httpx.Request, *, deadline: Deadline, limit: int
) -> Answer:
    """Send ``request`` and read its answer by ``deadline``, at most ``limit`` decoded bytes.

    Raises httpx's errors (a timeout once the deadline passes) and BodyRefused.
    """
    with bounded(deadline):
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            if deadline.expired:
                raise httpx.ReadTimeout("the answer did not arrive in time", request=request)
            content = read_body(response, limit=limit, deadline=deadline)
        finally:
            response.close()
    return Answer(response.status_code, response.headers, content)


def json_or_none(answer: Answer) -> object:
    try:
        return decode_json(answer.content)
    except (ValueError, BodyRefused):
        return None


def redirect_error(answer: Answer, base_url: httpx.URL, *, method: str, path: str) -> WebworkError:
    """A redirect is never followed: the bearer token must not travel anywhere else."""
    try:
        target = base_url.join(answer.headers.get("Location", ""))
    except httpx.InvalidURL:
        target = base_url
    where = "" if target.host == base_url.host else f" to another host ({target.host[:60]})"
    message = (
        f"WebWork answered with a redirect (HTTP {answer.status}){where}, "
        "which the dashboard does not follow."
    )
    return WebworkUnavailable(message, method=method, path=path, status=answer.status)


def envelope_of(answer: Answer, *, method: str, path: str) -> Envelope:
    """The envelope of a 2xx answer, or the upstream error that the answer really is."""
    if not answer.content:
        return Envelope(data=None)

    def error(kind: type[WebworkError], message: str) -> WebworkError:
        return kind(message, method=method, path=path, status=answer.status)

    try:
        body = decode_json(answer.content)
    except BodyRefused as exc:
        raise error(WebworkUnavailable, f"WebWork's answer was {exc}.") from exc
    except ValueError as exc:
        raise error(WebworkUnavailable, _not_json(answer)) from exc
    try:
        envelope = parse_envelope(body)
    except Malformed as exc:
        raise error(WebworkUnavailable, f"WebWork's answer was malformed: {exc}.") from exc
    if isinstance(body, dict) and body.get("success") is False:
        if method == "GET":
            # A read that "failed" with a 2xx status is WebWork not answering usefully.
            raise error(WebworkUnavailable, envelope.message or "WebWork said it could not answer.")
        raise error(WebworkInvalid, envelope.message or "WebWork refused this.")
    return envelope


def _not_json(answer: Answer) -> str:
    if "html" in answer.headers.get("Content-Type", "").lower():
        return "WebWork answered with a web page instead of data (not JSON)."
    return "WebWork answered with something that is not JSON."
