"""A comment box that completes `@login`: Tab after `@ca` writes `@carla ` (or as much
as the logins starting so have in common), and says which logins match."""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual import events
from textual.widgets import TextArea

TYPED = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.-]*)$")
"""An `@login` being typed, just before the cursor."""


def _common(words: Sequence[str]) -> str:
    """The longest start all `words` share (character by character: logins, not paths)."""
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


class MentionArea(TextArea):
    """A TextArea whose Tab completes the `@login` before the cursor from `logins`."""

    def __init__(self, text: str, logins: Sequence[str], **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.logins = sorted(set(logins))

    def typing(self) -> tuple[str, list[str]] | None:
        """The `@login` prefix before the cursor and the logins it matches (None: none
        is being typed)."""
        row, column = self.cursor_location
        before = self.document.get_line(row)[:column]
        found = TYPED.search(before)
        if found is None:
            return None
        prefix = found.group(1)
        return prefix, [login for login in self.logins if login.startswith(prefix)]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "tab" and (typed := self.typing()) is not None and typed[1]:
            prefix, matches = typed
            common = _common(matches)
            rest = common[len(prefix) :] + (" " if len(matches) == 1 else "")
            if rest:
                self.insert(rest)
            event.prevent_default()
            event.stop()
            return
        await super()._on_key(event)
