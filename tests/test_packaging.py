from click.testing import CliRunner

from bot.cli import main


def test_the_tunewise_command_shows_its_help():
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    assert "Tunewise" in result.output


def test_the_migrations_ship_in_the_wheel_as_package_data_of_bot():
    import tomllib
    from pathlib import Path

    import bot
    from bot.store.session import MIGRATIONS_DIR

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    shipped = pyproject["tool"]["setuptools"]["package-data"]["bot"]

    assert MIGRATIONS_DIR == Path(bot.__file__).resolve().parent / "migrations"
    assert {"migrations/*.py", "migrations/*.mako", "migrations/versions/*.py"} <= set(shipped)
    assert list((MIGRATIONS_DIR / "versions").glob("*.py"))
