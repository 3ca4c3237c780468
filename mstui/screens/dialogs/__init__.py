"""Modal dialogs: confirm, ask, pick, the conflict of two saves, discarding what was typed."""
