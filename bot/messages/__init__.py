"""The one render layer: Slack messages from Jinja2 templates (one environment that escapes every value, see
templates.py) for the prose and Block Kit model classes for the structure (limits in blocks.py, checked)."""

from bot.messages.blocks import SlackMessage
from bot.messages.recommendation import render_parent, render_thread_reply

__all__ = ["SlackMessage", "render_parent", "render_thread_reply"]
