"""Who is running this process: the OS account of the effective uid.

Never `$USER` or `getpass.getuser()`: anyone can set those (measured:
run as alice with USER=bob set, getpass said bob).
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """An OS account: its login and the full name from the password database."""

    login: str
    full_name: str


def current_account() -> Account:
    """The account of the effective uid."""
    entry = pwd.getpwuid(os.geteuid())
    full = entry.pw_gecos.split(",")[0].strip() if entry.pw_gecos else ""
    return Account(login=entry.pw_name, full_name=full or entry.pw_name)


def account_named(login: str) -> Account | None:
    """The OS account called `login`, if the server has one."""
    try:
        entry = pwd.getpwnam(login)
    except KeyError:
        return None
    full = entry.pw_gecos.split(",")[0].strip() if entry.pw_gecos else ""
    return Account(login=entry.pw_name, full_name=full or entry.pw_name)
