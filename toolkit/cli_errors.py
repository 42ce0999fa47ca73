"""How the command line reports what stops it: click's usage errors, the toolkit's errors and any
unexpected failure, each as a finding with its code, printed in a language, with the exit code the
code's message gives. Never a traceback.

Used by ``toolkit.cli`` only; imports click and the pure core.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from toolkit.findings import Finding, FindingError, finding
from toolkit.language import did_you_mean

TRACEBACK_ENV = "NAP_TOOLKIT_TRACEBACK"
"""Set to 1 to let an unexpected error through with its traceback (for the toolkit's developers)."""


class Failure(click.ClickException):
    """A command stopped by a finding: prints the findings to list, then the finding, in the
    error's language, and exits with its exit code."""

    def __init__(self, error: FindingError):
        super().__init__(str(error.finding))
        self.error = error
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        language, reason = self.error.language, self.error.finding
        for item in self.error.findings:
            if item != reason:
                click.echo(item.text(language))
        click.echo(reason.text(language), err=True)


def _command(ctx: click.Context | None) -> str:
    return ctx.command_path if ctx is not None else "toolkit"


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.metavar or param.name or "?").upper().rstrip(".")


def usage_finding(exc: click.UsageError) -> Finding:
    """The finding for one of click's usage errors."""
    command = getattr(exc, "command_path", None) or _command(exc.ctx)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return finding("USE_001", command, value=f'"{exc.command_name}"',
                       suggestion=did_you_mean(exc.command_name, exc.possibilities or ()))
    if isinstance(exc, click.NoSuchOption):
        return finding("USE_002", command, value=exc.option_name, command=command,
                       suggestion=did_you_mean(exc.option_name, exc.possibilities or ()))
    if isinstance(exc, click.MissingParameter):
        return finding("USE_003", command, name=_param_name(exc.param), command=command)
    if isinstance(exc, click.BadOptionUsage):
        code = "USE_004" if "requires" in exc.message else "USE_016"
        return finding(code, command, name=exc.option_name)
    if isinstance(exc, click.BadParameter):
        return finding("USE_017", command, reason=exc.format_message().rstrip("."),
                       command=command)
    extra = re.search(r"unexpected extra arguments? \((.*)\)", exc.message)
    if extra:
        return finding("USE_005", command, value=f'"{extra.group(1)}"', command=command)
    return finding("USE_017", command, reason=exc.message.rstrip("."), command=command)


def _unexpected(exc: Exception) -> Failure:
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return Failure(FindingError(finding("CMD_004", "toolkit", detail=detail[:300])))


@contextmanager
def as_findings():
    """Turn whatever stops a command into a :class:`Failure` that prints findings."""
    try:
        yield
    except (click.exceptions.Exit, click.Abort, Failure):
        raise
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help(), err=True)
        raise Failure(FindingError(finding("USE_015", _command(exc.ctx)))) from exc
    except click.UsageError as exc:
        raise Failure(FindingError(usage_finding(exc))) from exc
    except FindingError as exc:
        raise Failure(exc) from exc
    except Exception as exc:
        if os.environ.get(TRACEBACK_ENV) == "1":
            raise
        raise _unexpected(exc) from exc


class _Named:
    """Gives the usage errors raised while a command's arguments are parsed the command's path
    (``toolkit generate``), which click leaves out of some of them."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.command_path = " ".join(filter(None, [
                    parent.command_path if parent is not None else "", info_name or ""]))
            raise


class ToolkitCommand(_Named, click.Command):
    """A command of the toolkit (see :class:`ToolkitGroup`)."""


class ToolkitGroup(_Named, click.Group):
    """A command group whose errors, at any depth, print as findings."""

    command_class = ToolkitCommand

    def make_context(self, info_name, args, parent=None, **extra):
        with as_findings():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):
        with as_findings():
            return super().invoke(ctx)


ToolkitGroup.group_class = ToolkitGroup


def _bad(code: str, where, param, **params) -> FindingError:
    """A refused value of ``param``, located at ``where`` (the path given, or the command)."""
    return FindingError(finding(code, where, name=_param_name(param), **params))


class PathParam(click.Path):
    """``click.Path`` whose refusals are findings at the path given."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            path = Path(os.fsdecode(value))
            if not path.exists():
                raise _bad("USE_006", path, param) from exc
            if path.is_dir() and not self.dir_okay:
                raise _bad("USE_007", path, param) from exc
            if not path.is_dir() and not self.file_okay:
                raise _bad("USE_008", path, param) from exc
            raise FindingError(finding("USE_017", _command(ctx), command=_command(ctx),
                                       reason=exc.format_message().rstrip("."))) from exc


class WholeNumber(click.IntRange):
    """``click.IntRange`` whose refusals are findings."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            raise _bad("USE_009", _command(ctx), param, value=f'"{value}"', min=self.min,
                       max=self.max) from exc


class Day(click.DateTime):
    """A date typed as YYYY-MM-DD, given as ``datetime.date``."""

    def __init__(self):
        super().__init__(["%Y-%m-%d"])

    def convert(self, value, param, ctx):
        try:
            converted = super().convert(value, param, ctx)
        except click.BadParameter as exc:
            raise _bad("USE_010", _command(ctx), param, value=f'"{value}"') from exc
        return converted.date() if hasattr(converted, "date") else converted


class Choice(click.Choice):
    """``click.Choice`` whose refusals are findings."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            raise _bad("USE_020", _command(ctx), param, value=f'"{value}"',
                       expected=", ".join(map(str, self.choices)),
                       suggestion=did_you_mean(value, self.choices)) from exc


def echo_findings(findings, language: str) -> None:
    """Print findings, one line each, in ``language``."""
    for item in findings:
        click.echo(item.text(language))


def exit_with(code: int) -> None:
    """End the command with an exit code (0 returns normally)."""
    if code:
        sys.exit(code)
