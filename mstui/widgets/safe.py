"""The one path for user text on screen: cleaned, and never parsed as markup.

A plain `str` given to `Static`, `Label`, `Button`, `OptionList`, `DataTable`,
`Tree`, `border_title` or `notify` is parsed as markup (`[@click=app.quit]`
becomes a working action), and `Content` lets ESC and C1 controls through
(`mstui.domain.text.clean` removes them). So user text reaches widgets only
through these.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual.content import Content

from mstui.domain.text import clean


def plain(text: str, multiline: bool = False) -> Content:
    """User text as Content: controls made visible, never markup."""
    return Content(clean(text, multiline=multiline))


def cell(text: str, style: str = "") -> Text:
    """User text as a Rich `Text` for DataTable/Tree cells: never markup."""
    return Text(clean(text), style=style, no_wrap=True, overflow="ellipsis")


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells with an ellipsis, then padded to it."""
    text = clean(text)
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        text = chop_cells(text, max(width - 1, 0))[0] + "…"
        size = cell_len(text)
    return text + " " * (width - size)


def wrap_two(text: str, width: int) -> tuple[str, str]:
    """`text` on two lines of `width` cells: broken at the last space that fits (or
    mid-word when none does), the second line cut with an ellipsis; both padded."""
    text = clean(text)
    if cell_len(text) <= width:
        return fit(text, width), fit("", width)
    head = chop_cells(text, max(width, 1))[0]
    space = head.rfind(" ")
    if space > 0:
        head = head[:space]
    return fit(head, width), fit(text[len(head) :].lstrip(), width)


def say(*parts: str) -> Content:
    """A message built from our words and user text: each part is plain text."""
    return Content("".join(clean(p) for p in parts))
