"""Desktop notifications through the terminal: the exact bytes of each escape sequence.

The app writes these to the terminal it runs in (setting `notify`); the
terminal turns them into a desktop notification. Formats:

- `osc9`:   ESC ] 9 ; text BEL                      (iTerm2, WezTerm, foot, Ghostty, …)
- `osc777`: ESC ] 777 ; notify ; title ; body BEL   (VTE terminals, urxvt)
- `osc99`:  ESC ] 99 ; ; text ESC \\                 (kitty)
- `bell`:   BEL                                     (any terminal; tmux handles it itself)

Inside tmux (`$TMUX` set) an OSC is wrapped for passthrough, `ESC P tmux; <the
sequence with every ESC doubled> ESC \\`, which tmux forwards to the outer
terminal when `allow-passthrough` is on.

The text comes from alerts, that is from what anyone typed into a title. A
control character in it could end the sequence early and make the rest of the
title a command to the terminal (an OSC 52 clipboard write, say), so every
control character (C0 with ESC and BEL, DEL, C1 with its 8-bit ST `\\x9c`) is
made visible by `clean`, and `;` (the separator of OSC 777's fields, and of
OSC 9's sub-commands in ConEmu and Windows Terminal: `9;4;…` sets a progress
bar) becomes `,`. The text is then cut to `MAX_TEXT` characters.
"""

from __future__ import annotations

from mstui.domain.text import clean

STYLES = ("osc9", "osc777", "osc99", "bell", "off")
"""The values of the `notify` setting."""

MAX_TEXT = 200
"""Characters of a title or body at most (terminals and notification daemons cut
or refuse long ones; a summary is what a notification is for)."""

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


def safe_text(text: str, limit: int = MAX_TEXT) -> str:
    """`text` that cannot end or alter an escape sequence: one line, every control
    character replaced, no `;`, at most `limit` characters."""
    out = clean(text).replace(";", ",").strip()
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def tmux_wrap(sequence: str) -> str:
    """`sequence` wrapped for tmux's passthrough (every ESC in it doubled)."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def notification(style: str, title: str, body: str = "", *, tmux: bool = False) -> str:
    """The bytes (as text) that make the terminal notify `title` and `body` in
    `style` ("" for `off` or an unknown style). `tmux`: we run inside tmux."""
    head, text = safe_text(title), safe_text(body)
    both = safe_text(f"{head}: {text}" if head and text else head or text)
    if style == "osc9":
        seq = f"{ESC}]9;{both}{BEL}"
    elif style == "osc777":
        seq = f"{ESC}]777;notify;{head or 'mstui'};{text}{BEL}"
    elif style == "osc99":
        seq = f"{ESC}]99;;{both}{ST}"
    elif style == "bell":
        return BEL  # tmux passes a bell on by itself (bell-action), no wrapping needed
    else:
        return ""
    return tmux_wrap(seq) if tmux else seq
