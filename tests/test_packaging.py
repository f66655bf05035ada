from click.testing import CliRunner

from bot.cli import main


def test_the_tunewise_command_shows_its_help():
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    assert "Tunewise" in result.output


def test_the_migrations_ship_in_the_wheel_as_a_package():
    import tomllib
    from pathlib import Path

    from bot.store.session import MIGRATIONS_DIR

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    setuptools = pyproject["tool"]["setuptools"]

    assert "migrations*" in setuptools["packages"]["find"]["include"]
    assert "script.py.mako" in setuptools["package-data"]["migrations"]
    assert (MIGRATIONS_DIR / "env.py").is_file() and (MIGRATIONS_DIR / "versions" / "__init__.py").is_file()
