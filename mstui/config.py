"""Typed settings: defaults, then TOML files, then environment, then flags.

Files read, in order (later wins): the site file (`/etc/xdg/mstui/config.toml`
on Linux, for the admin of a shared server), the user's file
(`~/.config/mstui/config.toml`, or the path in `MSTUI_CONFIG`). The
environment variable `MSTUI_DB` and the `--db` flag override the database.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from mstui.errors import ConfigError, Invalid

APP_NAME = "mstui"


def default_db_path() -> Path:
    """Where the embedded SQLite database lives when nothing else is said."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "mstui.db"


def state_dir() -> Path:
    """Where the app keeps what it writes for itself (its log of faults), per user."""
    return Path(platformdirs.user_state_dir(APP_NAME))


UI_STATE = "ui.json"
"""What the app remembers for a person between runs (their theme), in `state_dir()`."""


def remembered() -> dict[str, str]:
    """What the app remembered for this person ({} when nothing, or unreadable)."""
    try:
        data = json.loads((state_dir() / UI_STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def remember(key: str, value: str) -> None:
    """Keep `key` for this person's next run (not at all when the folder is unwritable:
    a preference is not worth an error)."""
    state = {**remembered(), key: value}
    path = state_dir() / UI_STATE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{UI_STATE}.{os.getpid()}")
        part.write_text(json.dumps(state, indent=1), "utf-8")
        os.replace(part, path)  # whole or not at all, even with two apps open
    except OSError:
        pass


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def server_timezone() -> str:
    """The server's own IANA timezone name (TZ, /etc/timezone, /etc/localtime), else UTC.

    Read without pendulum, which would add 70 ms to every start.
    """
    import os

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and _known_zone(name):
            return name
    return "UTC"


@dataclass(frozen=True)
class Settings:
    """Everything a person or an admin can tune. Each field is a TOML key."""

    db: str = ""
    """Database URL (`sqlite:///path`, `postgresql+psycopg://…`) or a file path.
    Empty means the platform data directory."""

    files: str = ""
    """Where attached files are kept. Empty: a folder beside a SQLite file
    (`mstui.db.files`); a PostgreSQL database needs a folder named here."""

    timezone: str = field(default_factory=server_timezone)
    """Timezone for projects that name none: decides "today" and "overdue"."""

    due_soon_days: int = 3
    """A milestone not done and due within this many days is at risk."""

    escalation_days: int = 2
    """A milestone missed for this many days escalates to lead and department head."""

    blocked_days: int = 2
    """A milestone blocked for more than this many days alerts the lead."""

    kpi_pace_tolerance: float = 0.05
    """A KPI is behind pace when actual < expected × (1 − tolerance)."""

    alert_interval_seconds: int = 60
    """How often a running app scans for alerts."""

    review_cadence: str = "quarterly"
    """Default project review cadence: monthly, quarterly or none."""

    notify: str = "off"
    """Desktop notifications of new alerts through the terminal the app runs in:
    `osc9` (iTerm2, WezTerm, Windows Terminal, foot, Ghostty), `osc777` (VTE terminals,
    urxvt), `osc99` (kitty), `bell` (the terminal's bell) or `off`."""

    keys: dict[str, str] = field(default_factory=dict)
    """Key rebinding: binding id → keys, e.g. `{"kanban.done" = "x,ctrl+d"}`."""

    mute: tuple[str, ...] = ()
    """Kinds of notice I do not want (`["commented", "figure_recorded"]`): what others do
    to my work that I would rather not hear of. The rules' alerts cannot be muted."""

    admins: tuple[str, ...] = ()
    """Logins of the server's admins (manage people, change leads, delete projects), beside
    the person who created the database. Read from the server-wide file only."""

    def resolved_db(self) -> str:
        """The database URL to open."""
        return self.db or str(default_db_path())

    def with_db(self, db: str | None) -> Settings:
        """A copy with the database replaced, when `db` is given."""
        return dataclasses.replace(self, db=db) if db else self


_INT_FIELDS = {"due_soon_days", "escalation_days", "blocked_days", "alert_interval_seconds"}
_MIN = {"due_soon_days": 0, "escalation_days": 0, "blocked_days": 0, "alert_interval_seconds": 5}


def _coerce(source: str, key: str, value: Any) -> Any:
    where = f"{source}: {key}"
    if key in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(where, value, "expected a whole number")
        if value < _MIN[key]:
            raise Invalid(where, value, f"must be at least {_MIN[key]}")
        return value
    if key == "kpi_pace_tolerance":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
            raise Invalid(where, value, "expected a number from 0 to 1")
        return float(value)
    if key == "keys":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise Invalid(where, value, "expected a table of binding id = keys")
        return dict(value)
    if key == "mute":
        from mstui.domain.alerts import NOTICES

        kinds = {k.value for k in NOTICES}
        if not isinstance(value, list) or not all(v in kinds for v in value):
            raise Invalid(where, value, "expected a list of: " + ", ".join(sorted(kinds)))
        return tuple(value)
    if key == "admins":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid(where, value, "expected a list of logins")
        return tuple(v.strip() for v in value if v.strip())
    if not isinstance(value, str):
        raise Invalid(where, value, "expected text")
    if key == "timezone" and not _known_zone(value):
        raise Invalid(where, value, "unknown timezone")
    if key == "review_cadence" and value not in ("monthly", "quarterly", "none"):
        raise Invalid(where, value, "expected monthly, quarterly or none")
    if key == "notify":
        from mstui.domain.notify import STYLES

        if value.strip().lower() not in STYLES:
            raise Invalid(where, value, f"expected {', '.join(STYLES[:-1])} or {STYLES[-1]}")
        return value.strip().lower()
    return value


SITE_ONLY = frozenset({"admins"})
"""Settings only the server-wide file may give: a member must not make themselves admin."""


def _read_file(path: Path, into: dict[str, Any], site: bool = False) -> None:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        return
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config {path}: {' '.join(str(exc).split())}") from exc
    known = {f.name for f in dataclasses.fields(Settings)}
    try:
        for key, value in raw.items():
            if key not in known:
                raise Invalid(f"config {path}", key, "unknown setting")
            if key in SITE_ONLY and not site:
                raise Invalid(f"config {path}", key, "only the server-wide settings file sets it")
            into[key] = _coerce(f"config {path}", key, value)
    except Invalid as exc:
        raise ConfigError(str(exc)) from exc


def config_paths() -> list[Path]:
    """The settings files, lowest precedence first."""
    site = Path(platformdirs.site_config_dir(APP_NAME)) / "config.toml"
    user = os.environ.get("MSTUI_CONFIG") or str(
        Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
    )
    return [site, Path(user)]


def load_settings(db: str | None = None) -> Settings:
    """Settings from files and environment, with `db` (the flag) on top."""
    values: dict[str, Any] = {}
    site, *others = config_paths()
    _read_file(site, values, site=True)
    for path in others:
        _read_file(path, values)
    env_db = os.environ.get("MSTUI_DB")
    if env_db:
        values["db"] = env_db
    if db is not None:
        if not db.strip():  # `--db ""` (an unset variable): never the default instead
            raise ConfigError("--db: empty; name a database file or URL")
        values["db"] = db
    return Settings(**values)
