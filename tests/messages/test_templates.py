"""The one Jinja environment escapes every interpolated value in the format of the template that writes it."""

from __future__ import annotations

import jinja2
import pytest

from bot.messages.markdown import Markdown
from bot.messages.mrkdwn import Mrkdwn
from bot.messages.templates import environment

TEMPLATE = "{{ value }}|{{ none }}"


def rendered(name: str, value: object) -> str:
    overlay = environment().overlay(loader=jinja2.DictLoader({name: TEMPLATE}))
    return overlay.get_template(name).render(value=value, none=None)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("slack.mrkdwn.j2", "<!channel> & <@U1>", "&lt;!channel&gt; &amp; &lt;@U1&gt;|"),
        ("slack.mrkdwn.j2", Mrkdwn("<@U1>"), "<@U1>|"),
        ("record.md.j2", "*urgent* <img src=x>", "\\*urgent\\* \\<img src=x\\>|"),
        ("record.md.j2", Markdown("[0001](0001-a.md)"), "[0001](0001-a.md)|"),
        ("report.txt.j2", "<!channel> *as typed*", "<!channel> *as typed*|None"),
    ],
)
def test_each_format_escapes_everything_but_what_is_marked_as_already_built(name, value, expected):
    assert rendered(name, value) == expected


def test_a_value_marked_for_one_format_is_escaped_in_another():
    assert rendered("slack.mrkdwn.j2", Markdown("<b>")) == "&lt;b&gt;|"
    assert rendered("record.md.j2", Mrkdwn("<@U1>")) == "\\<@U1\\>|"


def test_every_template_beside_the_render_layer_has_a_format_it_escapes_for():
    names = environment().list_templates(extensions=["j2"])

    assert names and all(name.endswith((".mrkdwn.j2", ".md.j2", ".txt.j2")) for name in names)
