"""Slack messages: Jinja2 templates for the prose, Block Kit model classes for the structure (limits checked)."""

from bot.messages.recommendation import SlackMessage, render_parent, render_thread_reply

__all__ = ["SlackMessage", "render_parent", "render_thread_reply"]
