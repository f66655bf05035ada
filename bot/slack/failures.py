"""One policy for Slack and network failures: which are worth retrying (and when), and which are final."""

from __future__ import annotations

import http.client
import socket
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackClientError

# Everything a Web API call can raise when Slack or the network fails: Slack's answers (SlackApiError), and no
# answer at all (urllib's URLError and socket errors are OSErrors; a connection cut mid-answer is an HTTPException).
SLACK_FAILURES: tuple[type[BaseException], ...] = (SlackClientError, OSError, http.client.HTTPException)

# Slack's own "try again later" error codes, answered with HTTP 200.
_TRANSIENT_ERRORS = {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}


@dataclass(frozen=True)
class Failure:
    """What went wrong, and whether it may work later: `retry_after` seconds if Slack said so."""

    reason: str
    transient: bool
    retry_after: float | None = None


def classify(error: BaseException) -> Failure:
    """Transient: HTTP 429 (after its Retry-After), 5xx, Slack's internal errors, no answer or a cut connection.
    Final: every other answer (not_in_channel, invalid_blocks, ...): trying again would only get it again."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200)
        if status == 429:
            return Failure("ratelimited", True, _retry_after(response))
        if status >= 500:
            return Failure(f"HTTP {status}", True)
        code = str(response.get("error") or f"HTTP {status}") if _is_json(response) else f"HTTP {status}"
        return Failure(code, code in _TRANSIENT_ERRORS)
    if isinstance(error, (OSError, http.client.HTTPException, socket.timeout)):
        return Failure(f"network: {type(error).__name__}", True)
    if isinstance(error, SlackClientError):
        return Failure(f"client: {type(error).__name__}", True)
    return Failure(f"bug: {type(error).__name__}", True)


def _is_json(response: object) -> bool:
    try:
        return isinstance(response.data, dict)  # type: ignore[attr-defined]
    except AttributeError:
        return False


def _retry_after(response: object) -> float | None:
    headers = getattr(response, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value[0] if isinstance(value, list) else value))
            except (TypeError, ValueError):
                return None
    return None
