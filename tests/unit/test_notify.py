"""The exact bytes of each desktop notification, and what hostile text cannot do to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.config import Settings, load_settings
from mstui.domain.notify import MAX_TEXT, STYLES, notification, safe_text
from mstui.errors import ConfigError

E, B = "\x1b", "\x07"


@pytest.mark.parametrize(
    ("style", "plain", "in_tmux"),
    [
        (
            "osc9",
            f"{E}]9;Alert · MKT: Missed: #2{B}",
            f"{E}Ptmux;{E}{E}]9;Alert · MKT: Missed: #2{B}{E}\\",
        ),
        (
            "osc777",
            f"{E}]777;notify;Alert · MKT;Missed: #2{B}",
            f"{E}Ptmux;{E}{E}]777;notify;Alert · MKT;Missed: #2{B}{E}\\",
        ),
        (
            "osc99",
            f"{E}]99;;Alert · MKT: Missed: #2{E}\\",
            f"{E}Ptmux;{E}{E}]99;;Alert · MKT: Missed: #2{E}{E}\\{E}\\",
        ),
        ("bell", B, B),
        ("off", "", ""),
        ("nonsense", "", ""),
    ],
)
def test_each_format_exactly(style: str, plain: str, in_tmux: str) -> None:
    assert notification(style, "Alert · MKT", "Missed: #2") == plain
    assert notification(style, "Alert · MKT", "Missed: #2", tmux=True) == in_tmux


def test_styles_are_the_settings_values() -> None:
    assert STYLES == ("osc9", "osc777", "osc99", "bell", "off")


def test_osc777_without_a_title_names_mstui() -> None:
    assert notification("osc777", "", "3 new alerts") == f"{E}]777;notify;mstui;3 new alerts{B}"


HOSTILE = f"x{E}]52;c;ZXZpbA=={B}y\x9c{E}\\z\nw\r;v\x9b31m\x7f\x00"


@pytest.mark.parametrize("style", ["osc9", "osc777", "osc99"])
@pytest.mark.parametrize("tmux", [False, True])
def test_hostile_title_cannot_end_the_sequence(style: str, tmux: bool) -> None:
    data = notification(style, HOSTILE, HOSTILE, tmux=tmux)
    # Inside: no control character at all; the sequence ends where it should, once.
    if tmux:
        assert data.startswith(f"{E}Ptmux;{E}{E}]") and data.endswith(f"{E}\\")
        inner = data[len(f"{E}Ptmux;") : -2].replace(E + E, E)
    else:
        inner = data
    opener = f"{E}]{style[3:]};"
    assert inner.startswith(opener)
    terminator = f"{E}\\" if style == "osc99" else B
    assert inner.endswith(terminator)
    payload = inner[len(opener) : -len(terminator)]
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", payload), repr(payload)
    # The fields are exactly the ones we wrote: no `;` from the text.
    expected_fields = {"osc9": 1, "osc777": 3, "osc99": 2}[style]
    assert len(payload.split(";")) == expected_fields
    assert "\u241b]52,c,ZXZpbA==\u2407y" in payload  # shown, inert


def test_safe_text_cuts_long_text() -> None:
    out = safe_text("é" * 500)
    assert len(out) == MAX_TEXT and out.endswith("…")
    assert len(notification("osc9", "t" * 500, "b" * 500)) <= MAX_TEXT + 5


@given(st.text(), st.text(), st.sampled_from(["osc9", "osc777", "osc99"]), st.booleans())
def test_no_text_escapes(title: str, body: str, style: str, tmux: bool) -> None:
    data = notification(style, title, body, tmux=tmux)
    controls = re.findall(r"[\x00-\x1f\x7f-\x9f]", data)
    # Only the sequence's own: its ESC and terminator (doubled ESCs and tmux's own in tmux).
    escs, bels = {"osc9": (1, 1), "osc777": (1, 1), "osc99": (2, 0)}[style]
    if tmux:
        escs = 2 * escs + 2
    assert sorted(controls) == sorted([E] * escs + [B] * bels)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("osc9", "osc9"),
        (" OSC777 ", "osc777"),
        ("osc99", "osc99"),
        ("bell", "bell"),
        ("off", "off"),
    ],
)
def test_the_notify_setting(
    written: str, read: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "config.toml"
    conf.write_text(f'notify = "{written}"\n')
    monkeypatch.setenv("MSTUI_CONFIG", str(conf))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc"))
    assert load_settings().notify == read


@pytest.mark.parametrize("value", ['"osc8"', '""', "9", "true"])
def test_a_bad_notify_setting_is_one_line(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "config.toml"
    conf.write_text(f"notify = {value}\n")
    monkeypatch.setenv("MSTUI_CONFIG", str(conf))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc"))
    with pytest.raises(ConfigError, match="notify"):
        load_settings()
    assert Settings().notify == "off"
