from click.testing import CliRunner

from bot.cli import main


def test_the_tunewise_command_shows_its_help():
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    assert "Tunewise" in result.output
