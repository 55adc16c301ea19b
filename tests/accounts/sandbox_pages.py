"""A browser's way through the sandbox's sign-in and consent pages, played with httpx."""

from __future__ import annotations

import html
import re

import httpx


def _hidden(page: str) -> dict[str, str]:
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in pairs}


def at_sandbox(browser: httpx.Client, url: str, email: str) -> tuple[str, list[str]]:
    """Go through the sandbox's pages from ``url`` as ``email``, allowing access when asked.

    Answers the dashboard's callback URL and the pages met on the way ("sign-in", "consent").
    """
    seen: list[str] = []
    response = browser.get(url)
    while len(seen) < 4:
        if response.is_redirect:
            target = response.url.join(response.headers["location"])
            if target.path == "/connect/callback/":
                return str(target), seen
            response = browser.get(target)
        elif "Sign in to WebWork" in response.text:
            seen.append("sign-in")
            form = _hidden(response.text) | {"username": email, "password": "sandbox"}
            response = browser.post(response.url.join("/login/"), data=form)
        else:
            seen.append("consent")
            assert f"Signed in as <strong>{email}</strong>" in response.text, response.text
            response = browser.post(response.url, data=_hidden(response.text) | {"allow": "1"})
    raise AssertionError(f"no way back to the dashboard after {seen}")
