"""`milestone list --json` writes its list item by item: the same text `print_json` writes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from mstui.cli import json_stream
from mstui.cli.output import InertStdout, json_text
from mstui.domain.bounds import UnreadableNumber

ODD: list[Any] = [
    {
        "id": 1,
        "title": 'quotes " and \\ back, tab\t, new\nline, ESC \x1b, DEL \x7f, C1 \x85 \x9b',
        "bidi": "\u202eevil\u202c \u200b zero \ufeff bom \u2028 sep \u2029",
        "unicode": "é ✓ 漢字 👩‍👩‍👧",
        "none": None,
        "yes": True,
        "no": False,
        "big": 10**20,
        "neg": -3,
        "floats": [0.1, 1e16, -0.0, 2.5e-07, float("nan"), float("inf"), float("-inf")],
        "unreadable": UnreadableNumber(),
        "empty_list": [],
        "empty_dict": {},
        "nested": {"kpi": {"target": 1.5, "unit": "%"}, "ids": (3, 4)},
        "reasons": ["due in 2d", "a task is projected to end 2026-12-01"],
    },
    {"odd key \x1b": 1, "int keys go the slow way": {1: "one"}},
    [],
    "a bare string",
]


@pytest.mark.parametrize("items", [[], ODD, ODD[:1], [{"n": i} for i in range(2_345)]])
def test_the_streamed_list_is_what_print_json_writes(
    items: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = io.StringIO()
    monkeypatch.setattr("sys.stdout", InertStdout(raw))
    json_stream.print_json_list(iter(items))
    assert raw.getvalue() == json_text(items) + "\n"


def test_each_item_encodes_as_the_standard_encoder_indents_it() -> None:
    value = ODD[0] | {"unreadable": "?"}
    assert json_stream.encode(value, "") == json.dumps(value, indent=2, ensure_ascii=False)
