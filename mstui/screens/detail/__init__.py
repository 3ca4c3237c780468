"""The milestone detail: the screen, its editing half, and one widget per part it shows."""
