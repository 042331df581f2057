"""Export the decisions: choose the kind, see the first lines and the target, then write.

The files are built in a thread as soon as a kind is highlighted, so the preview is exactly
what will be written. Enter writes them; if a target exists, one question asks before it is
replaced. A refusal (a return order without a return address, nothing to export) is shown
as the builder words it, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ipitui.core.decisions import Decision
from ipitui.errors import described
from ipitui.export import build_export, output_paths, write_export
from ipitui.format import plural
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.dialog import Dialog, tilde
from ipitui.tui.text import clean, literal

KINDS: dict[str, str] = {
    "removal": "Removal and disposal orders (upload to Seller Central)",
    "liquidation": "Liquidation list (to enter in the removal workflow)",
    "promotions": "Promotions: sale prices and dates",
    "decisions": "Every decision as a CSV (for you or a spreadsheet)",
}
PREVIEW_LINES = 20


@dataclass
class Plan:
    """An export ready to write: its files, where they go, and what the builder noted."""

    kind: str
    export: Any = None
    paths: list[Path] = field(default_factory=list)
    error: str | None = None


def preview_text(plan: Plan, lines: int = PREVIEW_LINES) -> Text:
    """Each file's target and summary, then its first ``lines`` lines (tabs shown as ' | ')."""
    out = Text(end="")
    if plan.error is not None:
        out.append_text(literal(plan.error))
        return out
    for n, (f, path) in enumerate(zip(plan.export.files, plan.paths, strict=True)):
        if n:
            out.append("\n\n")
        out.append("-> ", style="bold")
        out.append_text(literal(tilde(path), style="bold"))
        exists = "  (exists: you will be asked before it is replaced)" if path.exists() else ""
        out.append(exists, style="bold")
        out.append("\n")
        out.append_text(literal(f.summary, style="dim"))
        body = f.data.decode("utf-8-sig", errors="replace").splitlines()
        for line in body[:lines]:
            out.append("\n  ")
            out.append_text(literal(" | ".join(clean(cell) for cell in line.split("\t"))))
        if len(body) > lines:
            out.append(f"\n  ... {plural(len(body) - lines, 'more line')}", style="dim")
    for note in plan.export.notes:
        out.append("\n\nnote: ", style="bold")
        out.append_text(literal(note))
    return out


class ExportScreen(Dialog[list[Path] | None]):
    """Dismisses with the paths written, or ``None`` when closed without writing.

    ``card`` is the current scorecard (its ``effects`` frame prices each decision);
    ``unsellable`` gives stranded SKUs' unfulfillable units for removal orders
    (``ipitui.export.unsellable_units(data)``).
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="export.close"),
        Binding("w", "write", "Write the files", id="export.write"),
    ]

    DEFAULT_CSS = """
    ExportScreen #dialog {
        width: 100%;
        height: 1fr;
    }
    ExportScreen #kinds {
        height: auto;
        margin-top: 1;
    }
    ExportScreen #preview {
        height: 1fr;
        border: round $panel;
        border-title-color: $text;
        padding: 0 1;
    }
    ExportScreen #preview.-refused {
        border: round $error;
    }
    ExportScreen #preview-text {
        width: auto;
    }
    """

    def __init__(
        self,
        home: Home,
        slug: str,
        card: Any,
        decisions: Mapping[str, Decision],
        *,
        kind: str = "decisions",
        today: date | None = None,
        unsellable: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.home = home
        self.slug = slug
        self.card = card
        self.decisions = dict(decisions)
        self.first_kind = kind
        self.today = today or date.today()
        self.unsellable = dict(unsellable or {})
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = f"Export {plural(len(self.decisions), 'decision')}"
            yield OptionList(*(Option(text, id=k) for k, text in KINDS.items()), id="kinds")
            with VerticalScroll(id="preview") as preview:
                preview.border_title = "What will be written"
                yield Static(Text("Building..."), id="preview-text")
        yield Footer()

    def on_mount(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        kinds.highlighted = list(KINDS).index(self.first_kind)
        kinds.focus()

    @on(OptionList.OptionHighlighted, "#kinds")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.plan = None
        self.query_one("#preview-text", Static).update(Text("Building..."))
        self.build(str(event.option.id))

    @work(thread=True, exclusive=True, group="export-preview", exit_on_error=False)
    def build(self, kind: str) -> None:
        settings, _ = load_account_settings(self.home, self.slug)
        plan = Plan(kind)
        try:
            plan.export = build_export(
                kind,
                self.decisions,
                self.card.effects,
                settings,
                self.today,
                unsellable=self.unsellable,
                settings_file=self.home.account_settings(self.slug),
            )
            if not self.decisions:
                plan.error = "No decisions yet: mark SKUs in the lists (r, d, L, p ...) first."
            elif not plan.export.files:
                notes = "".join(f"\n{note}" for note in plan.export.notes)
                plan.error = f"Nothing to export as {kind}: no decision of that kind.{notes}"
            plan.paths = output_paths(plan.export, self.home.exports_dir(self.slug), None)
        except Exception as exc:  # refused, a fault, a bug: shown, never a crash
            plan.error = described(exc, self.home.exports_dir(self.slug))
        self.app.call_from_thread(self._show, plan)

    def _show(self, plan: Plan) -> None:
        kinds = self.query_one("#kinds", OptionList)
        if kinds.highlighted is None or list(KINDS)[kinds.highlighted] != plan.kind:
            return  # a newer kind was chosen meanwhile
        self.plan = plan
        self.query_one("#preview").set_class(plan.error is not None, "-refused")
        self.query_one("#preview-text", Static).update(preview_text(plan))

    @on(OptionList.OptionSelected, "#kinds")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_write()

    def action_write(self) -> None:
        plan = self.plan
        if plan is None or plan.error is not None:
            self.app.bell()
            return
        existing = [p for p in plan.paths if p.exists()]
        if not existing:
            self._write(plan, force=False)
            return
        names = "\n".join(clean(tilde(p)) for p in existing)
        question = f"Replace {plural(len(existing), 'existing file')}?\n\n{names}"

        def write_if_yes(yes: bool | None) -> None:
            if yes:
                self._write(plan, force=True)

        self.app.push_screen(Confirm(question, title="Replace?"), write_if_yes)

    @work(thread=True, exclusive=True, group="export-write", exit_on_error=False)
    def _write(self, plan: Plan, *, force: bool) -> None:
        """Write in a thread (a big export takes a moment), then close or show the refusal."""
        try:
            write_export(plan.export, plan.paths, force=force)
        except Exception as exc:  # refused, a full disk, a bug: shown, never a crash
            plan.error = described(exc, plan.paths[0] if plan.paths else None)
            self.app.call_from_thread(self._show, plan)
            return
        self.app.call_from_thread(self.dismiss, plan.paths)

    def action_close(self) -> None:
        self.dismiss(None)
