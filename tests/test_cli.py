"""Every command explains itself."""

from __future__ import annotations

from click.testing import CliRunner

from toolkit.cli import main


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


def test_every_command__has_help_text():
    for path, command in _commands(main):
        assert command.help and len(command.help) > 20, path
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Usage:" in result.output


def test_unknown_command__is_a_usage_error():
    result = CliRunner().invoke(main, ["consolidate"])
    assert result.exit_code == 2
