"""`mstui check` and `mstui alerts` as real processes, several of them at once.

Uses `cli_env` / `mstui` from tests/conftest.py: HOME and the XDG directories
in tmp_path, TZ=UTC, and MSTUI_NOW freezing every process's clock at NOW.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from mstui.clock import FrozenClock
from mstui.domain.enums import Role, Status
from mstui.identity import Account, current_account
from tests.cli.helpers import as_json, one_line_error, store_on
from tests.conftest import NOW, RunCli

PROCESSES = 8
KEYS = [
    "id",
    "kind",
    "severity",
    "subject",
    "recipient",
    "message",
    "raised_at",
    "acknowledged_at",
    "snoozed_until",
    "resolved_at",
    "project",
]


def day(offset: int) -> date:
    return NOW.date() + timedelta(days=offset)


@pytest.fixture
def alert_db(tmp_path: Path) -> Path:
    """A database whose data calls for every kind of alert, led by the OS account running us."""
    path = tmp_path / "team.db"
    me = current_account()
    clock = FrozenClock(NOW.subtract(days=3))
    with store_on(path, me, clock) as store:
        store.add_person("bob", "Bob Baker", "Sales")
        store.add_person("carol", "Carol Chu", "Sales", department_head=True)
        store.add_project("SLS", "Sales quarter", lead=me.login, start=date(2026, 9, 1))
        store.add_project("OPS", "Operations", lead="bob", department="Sales")
        with store_on(path, Account("bob", "Bob Baker"), clock) as bob:  # OPS's lead
            bob.add_member("OPS", me.login, Role.EDITOR)
            bob.add_member("OPS", "carol", Role.EDITOR)
        for key, login in (("SLS", "bob"), ("SLS", "carol")):
            store.add_member(key, login, Role.EDITOR)
        first = None
        for i in range(24):
            m = store.add_milestone(
                "SLS" if i % 2 else "OPS",
                f"Milestone {i}",
                day(i % 9 - 5),
                owner=["bob", me.login, "carol"][i % 3],
                depends_on=[first] if first and i % 5 == 0 else [],
            )
            first = first or m.id
            if i % 7 == 3:
                store.move_milestone(m.id, Status.BLOCKED, reason="Waiting on a supplier")
        t = store.add_target(
            "Revenue",
            100_000,
            date(2026, 11, 1),
            date(2026, 11, 30),
            unit="USD",
            cadence="weekly:fri",
            project="SLS",
        )
        store.record_measurement(t.id, 1_000, date(2026, 11, 7))
        clock.set(NOW.subtract(hours=2))
        store.complete_milestone(first or 1)
    return path


def sqlite_copy(src: Path, dest: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dest


def dedupe_keys(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        # The rules' alerts (the notices of setting up are not what a check raises).
        sql = "SELECT dedupe_key FROM alert WHERE dedupe_key NOT LIKE 'notice:%' ORDER BY 1"
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


def test_concurrent_checks_raise_each_alert_exactly_once(
    alert_db: Path, tmp_path: Path, cli_env: dict[str, str], mstui: RunCli
) -> None:
    single = sqlite_copy(alert_db, tmp_path / "single.db")
    argv = [sys.executable, "-m", "mstui", "--db", str(alert_db), "check", "--json"]
    procs = [
        subprocess.Popen(
            argv,
            env=cli_env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert (proc.returncode, err) == (0, ""), err
        outputs.append(json.loads(out))
    reported = [a for out in outputs for a in out]
    keys = dedupe_keys(alert_db)
    assert len(keys) == len(set(keys))  # each dedupe key exactly once
    assert len(reported) == len(keys)  # and each reported by exactly one process
    assert len({a["id"] for a in reported}) == len(reported)
    expected = as_json(mstui("check", "--json", db=single))
    assert len(expected) == len(keys)
    assert dedupe_keys(single) == keys
    kinds = {a["kind"] for a in reported}
    assert {"missed", "escalation", "due_soon", "blocked", "achievement"} <= kinds
    assert {"checkpoint_missed", "dependency_slipped", "review_due"} <= kinds
    for alert in reported:
        assert list(alert) == KEYS
    # Whoever inserted them, a later check raises nothing.
    assert as_json(mstui("check", "--json", db=alert_db)) == []


def test_check_twice_raises_nothing_the_second_time(alert_db: Path, mstui: RunCli) -> None:
    first = mstui("check", db=alert_db)
    assert (first.returncode, first.stderr) == (0, "")
    lines = first.stdout.splitlines()
    assert lines[0].split() == ["ID", "RAISED", "SEVERITY", "KIND", "TO", "MESSAGE"]
    assert len(lines) > 20
    second = mstui("check", db=alert_db)
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    assert as_json(mstui("check", "--json", db=alert_db)) == []


def test_alerts_lists_acknowledges_and_snoozes(alert_db: Path, mstui: RunCli) -> None:
    me = current_account().login
    as_json(mstui("check", "--json", db=alert_db))
    mine = as_json(mstui("alerts", "--json", db=alert_db))
    everyone = as_json(mstui("alerts", "--all", "--json", db=alert_db))
    assert mine and {a["recipient"] for a in mine} == {me}
    assert {"bob", "carol", me} <= {a["recipient"] for a in everyone}
    assert [a["id"] for a in mine] == [a["id"] for a in everyone if a["recipient"] == me]
    first, second, third = mine[0]["id"], mine[1]["id"], mine[2]["id"]
    done = mstui("alerts", "ack", str(first), f"#{second}", db=alert_db)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"acknowledged {min(first, second)}, {max(first, second)}\n"
    snoozed = mstui("alerts", "snooze", str(third), "--for", "1h", db=alert_db)
    assert (snoozed.returncode, snoozed.stderr) == (0, "")
    assert snoozed.stdout == f"snoozed {third} until 2026-11-18 11:00 (UTC)\n"
    left = {a["id"] for a in as_json(mstui("alerts", "--json", db=alert_db))}
    assert left == {a["id"] for a in mine} - {first, second, third}
    later = as_json(mstui("alerts", "--json", db=alert_db, now=NOW.add(hours=1).isoformat()))
    assert third in {a["id"] for a in later}
    # The lead's acknowledging hides nothing from the others.
    assert len(as_json(mstui("alerts", "--all", "--json", db=alert_db))) == len(everyone) - 3
    by_kind = as_json(mstui("alerts", "--all", "--kind", "missed", "--json", db=alert_db))
    assert by_kind and {a["kind"] for a in by_kind} == {"missed"}
    text = mstui("alerts", "--all", db=alert_db)
    assert text.stdout.splitlines()[0].split() == [
        "ID",
        "RAISED",
        "SEVERITY",
        "KIND",
        "TO",
        "MESSAGE",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["alerts", "ack", "abc"], 'mstui: id: not an alert number (got "abc")'),
        (["alerts", "ack", "99999"], 'mstui: alert: no alert "99999"'),
        (["alerts", "ack"], "mstui: ids: give the alert ids to acknowledge (or --all)"),
        (["alerts", "snooze", "1", "--for", "3x"], "mstui: for: expected a duration"),
        (["alerts", "--kind", "bogus"], "mstui: kind: expected one of due_soon, missed"),
        (["alerts", "--project", "NOPE"], 'mstui: project: no such project (got "NOPE")'),
        (["alerts", "thresholds", "SLS", "--due-soon", "-2"], "mstui: due-soon: expected"),
        (["alerts", "thresholds", "SLS", "--review", "yearly"], "mstui: review: expected"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    alert_db: Path, mstui: RunCli, args: list[str], message: str
) -> None:
    before = dedupe_keys(alert_db)
    assert one_line_error(mstui(*args, db=alert_db)).startswith(message)
    assert dedupe_keys(alert_db) == before


def test_alerts_of_someone_else_cannot_be_acknowledged(alert_db: Path, mstui: RunCli) -> None:
    everyone = as_json(mstui("check", "--json", db=alert_db))
    bobs = next(a for a in everyone if a["recipient"] == "bob")
    done = mstui("alerts", "ack", str(bobs["id"]), db=alert_db)
    assert done.returncode == 2
    assert done.stderr == (f'mstui: alert: is addressed to bob, not to you (got "{bobs["id"]}")\n')


def test_thresholds_show_and_override(alert_db: Path, mstui: RunCli) -> None:
    shown = as_json(mstui("alerts", "thresholds", "--json", db=alert_db))
    assert shown == {
        "project": None,
        "due_soon_days": 3,
        "escalation_days": 2,
        "blocked_days": 2,
        "review_cadence": "quarterly",
        "overrides": {},
    }
    changed = as_json(
        mstui(
            "alerts",
            "thresholds",
            "SLS",
            "--due-soon",
            "7",
            "--review",
            "none",
            "--json",
            db=alert_db,
        )
    )
    assert (changed["due_soon_days"], changed["review_cadence"]) == (7, "none")
    assert changed["overrides"]["escalation_days"] is None
    reset = as_json(
        mstui("alerts", "thresholds", "SLS", "--due-soon", "default", "--json", db=alert_db)
    )
    assert reset["due_soon_days"] == 3


def test_handled_alerts_are_listed_on_request_and_can_be_reopened(
    alert_db: Path, mstui: RunCli
) -> None:
    as_json(mstui("check", "--json", db=alert_db))
    mine = as_json(mstui("alerts", "--json", db=alert_db))
    first, second = mine[0]["id"], mine[1]["id"]
    assert mstui("alerts", "ack", str(first), db=alert_db).returncode == 0
    assert mstui("alerts", "snooze", str(second), "--for", "1d", db=alert_db).returncode == 0
    open_ids = {a["id"] for a in as_json(mstui("alerts", "--json", db=alert_db))}
    assert open_ids == {a["id"] for a in mine} - {first, second}
    handled = {a["id"]: a for a in as_json(mstui("alerts", "--handled", "--json", db=alert_db))}
    assert set(handled) == {a["id"] for a in mine}
    assert handled[first]["acknowledged_at"] and handled[second]["snoozed_until"]
    text = mstui("alerts", "--handled", db=alert_db)
    assert (text.returncode, text.stderr) == (0, "")
    lines = {line.split()[0]: line for line in text.stdout.splitlines()}
    assert lines["ID"].split()[:5] == ["ID", "RAISED", "SEVERITY", "KIND", "STATE"]
    assert " acknowledged " in lines[str(first)]
    assert " snoozed to 2026-11-19 10:00 " in lines[str(second)]
    done = mstui("alerts", "reopen", str(second), f"#{first}", db=alert_db)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"reopened {min(first, second)}, {max(first, second)}\n"
    assert {a["id"] for a in as_json(mstui("alerts", "--json", db=alert_db))} == set(handled)
    refused = mstui("alerts", "reopen", "99999", db=alert_db)
    assert (refused.returncode, refused.stderr) == (2, 'mstui: alert: no alert "99999"\n')
