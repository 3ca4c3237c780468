"""Small modal dialogs: confirm, ask for one line of text, pick from a list."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mstui.widgets.safe import plain, say


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, with the consequence spelled out."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel"),
        Binding("y", "dismiss(True)", "Yes", id="dialog.yes"),
        Binding("n", "dismiss(False)", "No", show=False, id="dialog.no"),
    ]

    def __init__(self, question: Content, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog--question")
            with Horizontal(classes="dialog--buttons"):
                yield Button(Content(self.yes), variant="error", id="yes")
                yield Button(Content("Cancel"), id="no")

    def on_mount(self) -> None:
        # Enter on a fresh dialog cancels: the destructive choice takes y or a deliberate move.
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class AskText(ModalScreen[str | None]):
    """Ask for one line of text (a blocked reason, a search); empty is refused."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(
        self, question: str, value: str = "", placeholder: str = "", allow_empty: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(say(self.question), classes="dialog--question")  # may quote user text
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label("", id="error", classes="field--error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text and not self.allow_empty:
            error = self.query_one("#error", Label)
            error.update(Content("Please write something (esc cancels)"))
            error.add_class("-shown")
            return
        self.dismiss(text)


class PickOne(ModalScreen[str | None]):
    """Pick one value from a list (projects, owners, departments); "" means all."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        current: str | None = None,
        all_label: str | None = "(all)",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current
        self.all_label = all_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--list"):
            # Static, not Label: a long question wraps instead of being cut at the edge.
            yield Static(Content(self.title_text), classes="dialog--question")
            options = [Option(Content(self.all_label), id="\x00all")] if self.all_label else []
            options += [Option(plain(label), id=value) for value, label in self.choices]
            yield OptionList(*options, id="choices")

    def on_mount(self) -> None:
        opts = self.query_one(OptionList)
        if self.current:
            first = 1 if self.all_label else 0
            for i, (value, _) in enumerate(self.choices, start=first):
                if value == self.current:
                    opts.highlighted = i
        elif opts.option_count:
            opts.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        value = event.option.id or ""
        self.dismiss("" if value == "\x00all" else value)
