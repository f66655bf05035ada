"""Progress bars for long runs: drawn on a terminal's stderr, silent in pipes and with --json."""

from __future__ import annotations

import io

import pytest

from bot.cli.progress import with_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_on_stderr(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)

    items = list(with_progress(range(3), total=3, unit="decisions"))

    assert items == [0, 1, 2]
    assert "0/3" in terminal.getvalue() and " decisions/s" in terminal.getvalue()


@pytest.mark.parametrize("stderr", [io.StringIO(), FakeTerminal()], ids=["pipe", "terminal with --json"])
def test_a_pipe_or_json_gets_nothing_on_stderr(monkeypatch, stderr):
    monkeypatch.setattr("sys.stderr", stderr)
    quiet = isinstance(stderr, FakeTerminal)

    items = list(with_progress(range(3), total=3, unit="decisions", quiet=quiet))

    assert items == [0, 1, 2]
    assert stderr.getvalue() == ""
