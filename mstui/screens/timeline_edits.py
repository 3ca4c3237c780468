"""Changing the plan from the Timeline: `[` `]` move, `{` `}` lengthen and shorten.

Every change is one store call in a thread worker (version check, activity
log, the dependency rule); the refusal or conflict is shown as a toast and the
screen reloads. Each change can be undone with `u`. Where I am below editor on
the selected row's project, the moves are not offered (mstui/screens/rights.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mstui.domain.timescale import Zoom, unit_days
from mstui.screens.dialogs.simple import AskText
from mstui.screens.host import Undo
from mstui.screens.rights import Rights
from mstui.views.timeline import Key, PlanRow, Shifted

if TYPE_CHECKING:
    from mstui.store import Store

UNIT = {Zoom.DAY: "a day", Zoom.WEEK: "a week", Zoom.MONTH: "a month", Zoom.QUARTER: "a quarter"}


class TimelineEdits(Rights):
    """The editing half of the Timeline screen."""

    WRITES = frozenset({"shift", "resize"})
    KEYS = frozenset({"left_square_bracket", "right_square_bracket",
                      "left_curly_bracket", "right_curly_bracket"})  # fmt: skip

    # What the screen provides.
    def selected_item(self) -> PlanRow | None:
        """The milestone or task selected (None on a heading)."""
        raise NotImplementedError

    @property
    def zoom(self) -> Zoom:
        raise NotImplementedError

    def follow(self, key: Key) -> None:
        """Keep the selection on `key` through the reloads to come."""
        raise NotImplementedError

    # -- changing things ------------------------------------------------------------------------
    def _movable(self) -> PlanRow | None:
        item = self.selected_item()
        if item is None or item.kind not in ("m", "t"):
            self.mstui.say("Select a milestone or a task to move it.")
            return None
        return item

    def action_shift(self, steps: int) -> None:
        item = self._movable()
        if item is None or item.start is None or item.end is None:
            return
        zoom = self.zoom
        days = unit_days(item.end if item.kind == "m" else item.start, zoom, steps)
        kind, ident, version = item.kind, item.id, item.version
        word = "later" if steps > 0 else "earlier"

        def move(reason: str | None) -> None:
            self._change(
                item,
                f"{UNIT[zoom]} {word}",
                lambda store: store.shift(kind, ident, days, version, reason),
                lambda after: lambda store: store.shift(kind, ident, -days, after.version),
            )

        if kind != "m" or days <= 0:
            move(None)
            return

        def answered(text: str | None) -> None:
            if text is not None:  # escape: no move
                move(text or None)

        # A milestone moving later is a slip: say why (optional), kept with it.
        question = f"Why does {_name(item)} move {UNIT[zoom]} later?"
        hint = "optional: enter skips, esc cancels the move"
        self.app.push_screen(AskText(question, placeholder=hint, allow_empty=True), answered)

    def action_resize(self, steps: int) -> None:
        item = self._movable()
        if item is None or item.end is None:
            return
        if item.kind != "t":
            self.mstui.say("Only tasks have a length: [ and ] move a milestone.")
            return
        days = unit_days(item.end, self.zoom, steps)
        ident, version = item.id, item.version
        self._change(
            item,
            f"{'longer' if steps > 0 else 'shorter'} by {UNIT[self.zoom]}",
            lambda store: store.resize_task(ident, days, version),
            lambda after: lambda store: store.resize_task(ident, -after.days, after.version),
        )

    def _change(
        self,
        item: PlanRow,
        what: str,
        call: Callable[[Store], Shifted],
        undo: Callable[[Shifted], Undo],
    ) -> None:
        def done(result: Shifted) -> str:
            kind = "task" if result.kind == "t" else ""
            label = f"{kind} #{result.id} {result.title}".strip()
            when = f"{result.new_start:%a %d %b}"
            if result.new_end != result.new_start:
                when += f" → {result.new_end:%a %d %b}"
            extra = f" with its {result.moved - 1} tasks" if result.moved > 1 else ""
            self.follow((result.kind, result.id))
            return f"{label}{extra}: {what}, now {when}"

        # The undo's toast names the item too: "Undone: #11 Feature Freeze: a week later".
        self.run_change(f"{_name(item)}: {what}", call, undo=undo, done=done, name_it=False)


def _name(item: PlanRow) -> str:
    """How a toast and the undo name the item moved: "#11 Feature Freeze", "task Roof"."""
    return f"#{item.id} {item.title}" if item.kind == "m" else f"task {item.title}"
