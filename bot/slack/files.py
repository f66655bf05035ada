"""Downloading a file a user gave the app (a modal's file_input), with the bot token, bounded in time and size.

Slack serves a file's `url_private_download` to a request carrying `Authorization: Bearer <bot token>` (with the
`files:read` scope); without it, Slack answers with its sign-in page instead of the file. The token is only ever
sent to Slack's own hosts (or to SLACK_API_URL's host, where the tests' stand-in serves files), and a redirect is
followed only on the same host, so that the token never leaves for another one.

The body is streamed into a spooled temporary file (memory up to SPOOL_BYTES, then disk), never beyond
`max_bytes`: a file bigger than that is refused as soon as its size is known, from the file object, the
Content-Length or the bytes counted.
"""

from __future__ import annotations

import contextlib
import http.client
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from email.message import Message
from typing import IO, Any
from urllib.parse import urlsplit

from slack_sdk import WebClient

# Files on Slack's hosts (GovSlack's too); anything else must share SLACK_API_URL's host.
SLACK_FILE_HOSTS = ("slack.com", "slack-gov.com")
SPOOL_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 3


class DownloadFailed(Exception):
    """The file could not be downloaded; the message says why in plain words, naming the file."""


class FileTooBig(DownloadFailed):
    def __init__(self, name: str, size: int, max_bytes: int) -> None:
        super().__init__(
            f"{name} is {megabytes(size)}, more than the {megabytes(max_bytes)} Tunewise reads here"
        )
        self.size = size


class DownloadTooSlow(DownloadFailed):
    pass


class DownloadRefused(DownloadFailed):
    pass


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def download_file(client: WebClient, file: Mapping[str, Any], *, max_bytes: int, seconds: float) -> IO[bytes]:
    """The file's content, at position 0 (the caller closes it). Raises DownloadFailed (FileTooBig,
    DownloadTooSlow, DownloadRefused) when it cannot be had within `seconds` and `max_bytes`."""
    name = str(file.get("name") or file.get("id") or "the file")
    declared = file.get("size")
    if isinstance(declared, int) and declared > max_bytes:
        raise FileTooBig(name, declared, max_bytes)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not _may_carry_token(url, client.base_url):
        raise DownloadRefused(f"Slack gave no download address on its own servers for {name}")
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with contextlib.ExitStack() as on_failure:
        copy = on_failure.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))
        try:
            with _opener(client).open(request, timeout=seconds) as response:
                _check_answer(name, response.headers, file, max_bytes)
                received = 0
                while chunk := response.read(CHUNK_BYTES):
                    received += len(chunk)
                    if received > max_bytes:
                        raise FileTooBig(name, received, max_bytes)
                    if time.monotonic() > deadline:
                        raise DownloadTooSlow(
                            f"{name} did not finish downloading within {seconds:.1f} seconds"
                        )
                    copy.write(chunk)
        except urllib.error.HTTPError as error:
            raise DownloadRefused(f"Slack refused to hand over {name} (HTTP {error.code})") from None
        except http.client.HTTPException:  # the body broke off before its Content-Length, a garbled answer
            raise DownloadRefused(f"The download of {name} from Slack broke off; please try again") from None
        except OSError as error:  # URLError, a timeout, a reset
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or time.monotonic() > deadline:
                raise DownloadTooSlow(f"Slack did not deliver {name} within {seconds:.1f} seconds") from None
            raise DownloadRefused(f"{name} could not be downloaded from Slack ({reason})") from None
        copy.seek(0)
        on_failure.pop_all()  # handed to the caller, who closes it
    return copy


def _check_answer(name: str, headers: Message, file: Mapping[str, Any], max_bytes: int) -> None:
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FileTooBig(name, int(length), max_bytes)
    # Slack's sign-in page instead of the file: the token lacks files:read, or is not this workspace's.
    if headers.get_content_type() == "text/html" and "html" not in str(file.get("mimetype", "")):
        raise DownloadRefused(
            f"Slack answered with its sign-in page instead of {name}: the app needs the files:read scope "
            "(reinstall it from manifest.yml)"
        )


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


def _may_carry_token(url: str, api_url: str) -> bool:
    """Slack's own hosts over HTTPS, or SLACK_API_URL's host (a stand-in or a proxy the operator chose)."""
    scheme, host = _origin(url)
    if scheme == "https" and any(host == h or host.endswith("." + h) for h in SLACK_FILE_HOSTS):
        return True
    return bool(host) and (scheme, host) == _origin(api_url)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only on the host the token was meant for: the token is never sent anywhere else."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            raise DownloadRefused(
                "Slack sent the download to another address (its sign-in page?): the app needs the files:read "
                "scope (reinstall it from manifest.yml)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(client: WebClient) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SameHostRedirects()]
    if client.proxy:
        handlers.append(urllib.request.ProxyHandler({"http": client.proxy, "https": client.proxy}))
    if client.ssl is not None:
        handlers.append(urllib.request.HTTPSHandler(context=client.ssl))
    return urllib.request.build_opener(*handlers)
