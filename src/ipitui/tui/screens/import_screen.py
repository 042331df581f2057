"""Import report files from inside the TUI.

Type one or more paths separated by spaces (or a folder: every ``.txt``, ``.tsv`` and
``.csv`` file in it); the right arrow or end accepts the completion shown in grey. The import
runs in a thread, so the screen keeps answering; esc while it runs hides the screen and the
import finishes in the background. A refused import shows Amazon's file, line, column and
value in a panel, and nothing stored is changed.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from ipitui.errors import Fault, UserError, fault
from ipitui.format import plural
from ipitui.reports.progress import count
from ipitui.store.paths import Home
from ipitui.tui.screens.dialog import Dialog, tilde
from ipitui.tui.text import clean, literal

REPORT_SUFFIXES = (".txt", ".tsv", ".csv", ".tab", ".gz")


def complete_path(value: str, cwd: Path | None = None) -> str | None:
    """``value`` with its last space-separated word completed to an existing path.

    Hidden entries are offered only when the word's last part starts with a dot; a folder
    gets a trailing slash. ``None`` when nothing matches or the word is already complete.
    """
    if not value or value.endswith(" "):
        return None
    word = value.rsplit(" ", 1)[-1]
    expanded = os.path.expanduser(word)
    folder, start = os.path.split(expanded)
    base = Path(folder) if folder else Path(".")
    if not base.is_absolute():
        base = (cwd or Path.cwd()) / base
    best: str | None = None
    try:
        with os.scandir(base) as entries:
            for entry in entries:
                name = entry.name
                if not name.startswith(start) or (name.startswith(".") and not start):
                    continue
                if name == start and not entry.is_dir():
                    continue
                if best is None or name < best:
                    best = name
                    best_is_dir = entry.is_dir()
    except OSError:
        return None
    if best is None:
        return None
    completion = best[len(start) :] + ("/" if best_is_dir else "")
    return value + completion if completion else None


class PathSuggester(Suggester):
    """Completes file system paths (case-sensitively, never cached: folders change)."""

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.cwd)


def expand_paths(text: str, cwd: Path | None = None) -> list[Path]:
    """The files to import: each word a file, or a folder standing for its report files.

    ``ValueError`` names the first word that is not an existing file or folder.
    """
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words:
        raise ValueError("type the path of a report file or a folder of reports")
    files: list[Path] = []
    for word in words:
        path = Path(os.path.expanduser(word))
        if not path.is_absolute():
            path = (cwd or Path.cwd()) / path
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in REPORT_SUFFIXES
            )
            if not found:
                raise ValueError(f"{word}: the folder has no .txt, .tsv or .csv files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ValueError(f"{word}: no such file or folder")
    return list(dict.fromkeys(files))


def refusal_text(error: BaseException) -> Text:
    """The import error as a panel: the message (file, line, column, value), then the promise."""
    out = Text(end="")
    for line in tilde(str(error)).splitlines() or [type(error).__name__]:
        out.append_text(literal(line))
        out.append("\n")
    if not isinstance(error, Fault):  # a fault says so itself
        out.append("\nNothing was changed: the account's stored data is as it was.", style="bold")
    return out


@dataclass
class ImportRun:
    paths: list[Path]
    summaries: list[Any] | None = None
    error: BaseException | None = None
    app: Any = None


class ImportScreen(Dialog[list[Any] | None]):
    """Dismisses with the import summaries (the App reloads), or ``None`` if closed.

    If the screen is closed while an import runs, the App receives :class:`Imported`
    when it finishes.
    """

    class Imported(Message):
        """An import that outlived its screen has finished (successfully or not)."""

        def __init__(self, slug: str, summaries: list[Any] | None, error: str | None) -> None:
            super().__init__()
            self.slug = slug
            self.summaries = summaries
            self.error = error

    BINDINGS = [Binding("escape", "close", "Close", id="import.close")]

    DEFAULT_CSS = """
    ImportScreen #dialog {
        width: 90;
    }
    ImportScreen #paths {
        margin: 1 0 0 0;
    }
    ImportScreen ProgressBar, ImportScreen #status, ImportScreen #phase {
        display: none;
    }
    ImportScreen.-running ProgressBar, ImportScreen.-running #status,
    ImportScreen.-running #phase {
        display: block;
    }
    ImportScreen #problem {
        height: auto;
        max-height: 12;
        border: round $error;
        padding: 0 1;
        display: none;
    }
    ImportScreen.-refused #problem {
        display: block;
    }
    """

    def __init__(self, home: Home, slug: str, *, cwd: Path | None = None) -> None:
        super().__init__()
        self.home = home
        self.slug = slug
        self.cwd = cwd
        self.running: ImportRun | None = None
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Import reports"
            yield Static(
                "Files separated by spaces, or a folder. Right arrow accepts the completion.",
                classes="hint",
            )
            yield Input(
                placeholder="~/Downloads/FBA_Inventory.txt",
                suggester=PathSuggester(self.cwd),
                id="paths",
            )
            yield Label("", id="path-error", classes="problem", markup=False)
            yield Static("", id="status")
            yield Static("", id="phase", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="progress")
            with VerticalScroll(id="problem") as problem:
                problem.border_title = "Import refused"
                yield Static("", id="problem-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path-error").display = False
        self.query_one("#paths", Input).focus()

    @on(Input.Submitted, "#paths")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.running is not None:
            return
        error = self.query_one("#path-error", Label)
        try:
            paths = expand_paths(event.value, self.cwd)
        except ValueError as exc:
            error.update(clean(str(exc)))
            error.display = True
            return
        error.display = False
        self.start(paths)

    def start(self, paths: list[Path]) -> None:
        """Run the import of ``paths`` in a thread owned by the App (it outlives the screen)."""
        run = ImportRun(paths)
        self.running = run
        self.remove_class("-refused")
        self.add_class("-running")
        size = sum(p.stat().st_size for p in paths if p.exists())
        what = plural(len(paths), "file")
        status = Text(f"Importing {what} ({size / 1e6:,.1f} MB): ")
        status.append_text(literal(", ".join(p.name for p in paths[:3])))
        if len(paths) > 3:
            status.append(f" and {len(paths) - 3} more")
        self.query_one("#status", Static).update(status)
        self.query_one("#phase", Static).update("starting")
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#paths", Input).disabled = True
        run.app = self.app
        self.app.run_worker(
            lambda: self._import(run),
            thread=True,
            group=f"import-{self.slug}",
            exit_on_error=False,
            description="import reports",
        )

    def _import(self, run: ImportRun) -> None:
        """In the worker thread: the import itself, then hand the outcome to the UI thread."""
        from ipitui.store.snapshots import import_files

        def progress(phase: str, done: int, total: int | None) -> None:
            with contextlib.suppress(RuntimeError):  # the app is closing
                run.app.call_from_thread(self._progress, phase, done, total)

        try:
            run.summaries = list(import_files(self.home, self.slug, run.paths, progress=progress))
        except UserError as exc:
            run.error = exc
        except Exception as exc:  # a full or read-only disk is said; a bug is shown, too
            run.error = fault(exc, self.home.account_data(self.slug)) or exc
        run.app.call_from_thread(self._finished, run)

    def _progress(self, phase: str, done: int, total: int | None) -> None:
        """The import's phase (``reports.progress``) and how far, on the UI thread."""
        if self.closed or not self.is_attached:
            return
        told = count(phase, done, total)
        self.query_one("#phase", Static).update(f"{phase} ({told})" if told else phase)
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)

    def _finished(self, run: ImportRun) -> None:
        self.running = None
        if self.closed:  # closed while importing: tell the App instead
            run.app.post_message(
                self.Imported(
                    self.slug, run.summaries, None if run.error is None else str(run.error)
                )
            )
            return
        self.remove_class("-running")
        paths = self.query_one("#paths", Input)
        paths.disabled = False
        if run.error is None:
            self.dismiss(run.summaries)
            return
        self.query_one("#problem-text", Static).update(refusal_text(run.error))
        self.add_class("-refused")
        paths.focus()

    def action_close(self) -> None:
        if self.running is not None:
            self.app.notify("The import goes on; the lists reload when it is done.")
        self.closed = True
        self.dismiss(None)
