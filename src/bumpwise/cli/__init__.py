"""The `bumpwise` command. Subcommands live in their own modules and are imported only
when they run, so `bumpwise --help` stays fast (no engine, web or database imports)."""

from __future__ import annotations

import importlib
import importlib.util

import click

# name -> (module, attribute, one-line help shown by `bumpwise --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "assess": ("bumpwise.cli.assess_cmd", "assess", "Assess one check-in (JSON) or many (--jsonl) from stdin."),
    "check-in": ("bumpwise.cli.checkin_cmd", "check_in", "Answer a few questions in the terminal and get advice."),
    "kb": ("bumpwise.cli.kb_cmd", "kb", "Inspect and validate the knowledge base."),
    "serve": ("bumpwise.cli.serve_cmd", "serve", "Start the web check-in and JSON API (127.0.0.1:8000)."),
    "diary": ("bumpwise.cli.diary_cmd", "diary", "Add to or list your pain diary."),
    "export": ("bumpwise.cli.export_cmd", "export", "Export everything as CSV, JSON or FHIR."),
    "import": ("bumpwise.cli.import_cmd", "import_", "Import a Bumpwise JSON export (--replace or --merge)."),
    "routine": ("bumpwise.cli.routine_cmd", "routine", "Print a routine to follow: home_10_minutes, flare_day, ..."),
    "summary": ("bumpwise.cli.summary_cmd", "summary", "A summary for your midwife, as text or PDF."),
    "delete-all": ("bumpwise.cli.delete_cmd", "delete_all", "Delete everything Bumpwise has stored."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _, _) in COMMANDS.items() if _module_exists(module)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS or not _module_exists(COMMANDS[cmd_name][0]):
            return None
        module, attr, _ = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as error:
            # The diary held by another program (issue 11): say so, no traceback. Matched by name, so
            # `bumpwise --help` still imports no database code.
            if type(error).__name__ == "StorageBusy":
                click.echo(f"Error: {error}", err=True)
                ctx.exit(1)
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bumpwise")
def main() -> None:
    """Bumpwise: back, pelvic, hip, buttock and leg pain in pregnancy.

    Tells you how soon to get help (and why), what is likely causing the pain, and a
    relief plan that is safe for your week and your health. Everything runs on this
    machine; nothing is sent anywhere.

    This is not a diagnosis. If you are worried, call your maternity unit or midwife.
    """
