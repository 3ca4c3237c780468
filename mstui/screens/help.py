"""`?`: every key of the screen underneath and of the app, as they are bound now."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from mstui.widgets.safe import say

_NAMES = {
    "question_mark": "?", "slash": "/", "less_than_sign": "<", "greater_than_sign": ">",
    "left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{",
    "right_curly_bracket": "}", "plus": "+", "minus": "-", "enter": "enter",
    "equals_sign": "=",
}  # fmt: skip


def key_label(keys: str) -> str:
    """`shift+left,less_than_sign` → `shift+← <`."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        for word, sym in (("left", "←"), ("right", "→"), ("up", "↑"), ("down", "↓")):
            if key.endswith(word) and not key.endswith("page" + word):
                key = key[: -len(word)] + sym
        out.append(_NAMES.get(key, key))
    return " ".join(out)


class HelpScreen(ModalScreen[None]):
    """A table of keys; escape or ? closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--tall dialog--wide"):
            yield Static(
                Content("Keys (ctrl+p: every command by name)"), classes="dialog--question"
            )
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Where before Does: the description is the long one, cut last on a narrow terminal.
        table.add_columns("Key", "Where", "Does")
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        note = getattr(below, "read_only_note", None)
        if callable(note) and (said := note()):
            # The keys that would be refused are not offered: say why, over the table.
            self.query_one(".dialog--question", Static).update(
                say(f"Keys ({said}: the keys that write are not offered)")
            )
        for where, node in ((type(below).__name__.replace("Screen", ""), below), ("App", self.app)):
            grouped: dict[str, tuple[list[str], str]] = {}
            for key, binding in node._bindings:
                if binding.system:
                    continue
                ident = binding.id or f"{binding.action}:{binding.description}"
                does = binding.tooltip or binding.description or binding.action
                keys, _ = grouped.setdefault(ident, ([], does))
                keys.append(key)
            for keys, does in grouped.values():
                # Rich Text cells: the table measures them (Content cells came out 3 wide).
                table.add_row(
                    Text(key_label(",".join(keys)), style="bold"), Text(where), Text(does)
                )
        table.focus()
