"""The README and the CLI agree: every command the README names exists, every command is in
the README's table, and every command's --help runs."""

from __future__ import annotations

import re

import pytest
import typer
from conftest import ROOT
from typer.testing import CliRunner

from bilat.cli.main import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def cli_commands() -> set[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return set(group.commands)


def readme_commands() -> set[str]:
    return set(re.findall(r"`bilat ([a-z][a-z-]*)", README))


def table_commands() -> set[str]:
    """The commands the README's table of commands describes, one row each."""
    return set(re.findall(r"^\| `bilat ([a-z][a-z-]*)", README, flags=re.MULTILINE))


def test_every_command_the_readme_names_exists() -> None:
    assert readme_commands() - cli_commands() == set()


def test_every_command_has_a_row_in_the_readme() -> None:
    assert cli_commands() - table_commands() == set()


@pytest.mark.parametrize("command", sorted(cli_commands()))
def test_help_runs(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and command in result.output


def test_version() -> None:
    from bilat import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"bilat {__version__}"


def test_top_level_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in cli_commands():
        assert command in result.output
