"""Where templates live, and reading them: shipped, the server's, the user's.

Folders, later ones overriding a template of the same name:

1. the templates shipped in the package (`data/templates/*.toml`, package data);
2. the server's: `mstui/templates` under each of `$XDG_CONFIG_DIRS` (default
   `/etc/xdg/mstui/templates`), the first folder listed winning;
3. the user's: `$XDG_CONFIG_HOME/mstui/templates` (default
   `~/.config/mstui/templates`), where `mstui template save` writes.

A file that cannot be read or checked is one `TemplateError` (file, line,
field) beside the others, which still load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from mstui.config import APP_NAME
from mstui.domain.templates import NAME, NAME_HELP, Template, TemplateError, parse_template
from mstui.errors import Invalid
from mstui.resources import data_dir

SUFFIX = ".toml"


def user_dir() -> Path:
    """The user's template folder (`~/.config/mstui/templates`, XDG_CONFIG_HOME honoured)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "templates"


def site_dirs() -> list[Path]:
    """The server's template folders, most important first (XDG_CONFIG_DIRS honoured)."""
    listed = platformdirs.site_config_dir(APP_NAME, multipath=True)
    return [Path(p) / "templates" for p in listed.split(os.pathsep) if p]


@dataclass(frozen=True)
class Loaded:
    """Every template found (by name) and the files that could not be used."""

    templates: dict[str, Template]
    errors: list[TemplateError]

    def get(self, name: str) -> Template:
        """The template `name`; `Invalid` (or its file's error) when there is none."""
        found = self.templates.get(name.strip())
        if found is not None:
            return found
        for err in self.errors:
            if Path(err.source).stem == name.strip():
                raise err
        known = ", ".join(sorted(self.templates)) or "none"
        raise Invalid("template", name, f"no such template (there are: {known})")


def _files() -> list[tuple[str, str, str]]:
    """(name, source shown, text) of every template file, shipped ones first."""
    found: list[tuple[str, str, str]] = []
    shipped = data_dir() / "templates"
    if shipped.is_dir():
        for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(SUFFIX):
                found.append((entry.name[: -len(SUFFIX)], f"(shipped) {entry.name}",
                              entry.read_text(encoding="utf-8")))  # fmt: skip
    for folder in [*reversed(site_dirs()), user_dir()]:
        try:
            paths = sorted(folder.glob("*" + SUFFIX))
        except OSError:
            continue
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                text = f"\0{type(exc).__name__}: {exc}"
            found.append((path.stem, str(path), text))
    return found


def load_templates() -> Loaded:
    """Every template of every folder (a later folder's file replaces an earlier one's)."""
    templates: dict[str, Template] = {}
    errors: dict[str, TemplateError] = {}
    for name, source, text in _files():
        try:
            if text.startswith("\0"):
                raise TemplateError(source, None, "file", text[1:])
            templates[name] = parse_template(text, name, source)
            errors.pop(name, None)
        except TemplateError as exc:
            errors[name] = exc
            templates.pop(name, None)
    return Loaded(dict(sorted(templates.items())), list(errors.values()))


def check_name(name: str) -> str:
    """A template's name as a file name takes it."""
    if not NAME.fullmatch(name.strip()):
        raise Invalid("name", name, NAME_HELP)
    return name.strip()


def write_user_template(name: str, text: str, force: bool = False) -> Path:
    """Write `text` as the user's template `name`; refuses to replace one unless `force`.

    Written whole or not at all (a temporary file renamed over it)."""
    path = user_dir() / f"{check_name(name)}{SUFFIX}"
    if path.exists() and not force:
        raise Invalid("template", name, f"{path} exists; --force replaces it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.{os.getpid()}")
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)
    except OSError as exc:
        raise Invalid("template", str(path), f"cannot write it: {exc.strerror}") from None
    return path
