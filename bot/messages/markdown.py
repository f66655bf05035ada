"""Markdown escaping (ADR records): what Markdown would read as markup is backslash-escaped, so a project named
`<img src=x>` or `*urgent*` shows as typed."""

from __future__ import annotations

import re


class Markdown(str):
    """Text that is already Markdown (a link we built): templates output it unescaped."""


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, and keep one record's text on its lines."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
