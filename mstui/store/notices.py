"""Notices: what someone else did to my work, in my inbox beside the rule alerts.

Raised inside the write that did it (the same transaction: a refused write
leaves no notice), as rows of the alert table with a notice kind
(`domain.alerts.NOTICES`): so the Alerts screen, `mstui alerts`, the header's
count and the running app's toasts show them as they show alerts. Never for
one's own action. A burst (more comments on one milestone while the first
notice of them is unread and under `BURST` old) stays one notice, which says
how many. Muting is the reader's: the inbox leaves out the kinds in their
`mute` setting.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.alerts import MESSAGE_MAX, SEVERITY, AlertKind
from mstui.domain.numbers import amount
from mstui.store import access
from mstui.store.base import StoreBase
from mstui.store.tables import (
    Alert,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    Target,
    Task,
)

BURST = timedelta(minutes=10)
"""Comments on one milestone within this time of the first unread notice add to it."""

MENTION = re.compile(r"(?<![\w@.])@([A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z_])")
"""`@login` in a comment (a trailing dot or hyphen is punctuation, not the login's)."""


def mentioned(body: str) -> list[str]:
    """The logins `body` mentions, in order, once each."""
    seen: list[str] = []
    for login in MENTION.findall(body):
        if login not in seen:
            seen.append(login)
    return seen


def quote(text: str, most: int = 80) -> str:
    line = " ".join(text.split())
    return f"“{line[: most - 1]}…”" if len(line) > most else f"“{line}”"


def _name(s: Session, pid: int | None) -> str:
    if pid is None:
        return "someone"
    return str(s.scalar(sa.select(col(Person.name)).where(col(Person.id) == pid)) or "someone")


def _about(s: Session, m: Milestone) -> str:
    key = s.scalar(sa.select(col(Project.key)).where(col(Project.id) == m.project_id))
    return f"#{m.id} {m.title} ({key})"


def notify(
    st: StoreBase,
    s: Session,
    recipient: int | None,
    kind: AlertKind,
    subject: tuple[str, int],
    project_id: int | None,
    message: str,
    burst: str | None = None,
) -> None:
    """A notice for `recipient` (none for myself), in the unit of work `s`.

    With `burst`, an unread notice of the same kind and subject raised less than
    `BURST` ago is updated to `burst` (the text for many) instead of adding one.
    """
    me = st._me_id
    if recipient is None or recipient == me or not st.notices:
        return
    now = st.now()
    if burst is not None:
        earlier = s.execute(
            sa.select(col(Alert.id)).where(
                col(Alert.recipient_id) == recipient,
                col(Alert.kind) == kind.value,
                col(Alert.subject_type) == subject[0],
                col(Alert.subject_id) == subject[1],
                col(Alert.acknowledged_at).is_(None),
                col(Alert.raised_at) >= now - BURST,
            )
        ).first()
        if earlier is not None:
            s.execute(
                sa.update(Alert)
                .where(col(Alert.id) == earlier[0])
                .values(message=burst[:MESSAGE_MAX])
            )
            return
    s.add(
        Alert(
            kind=kind.value,
            severity=SEVERITY[kind].value,
            subject_type=subject[0],
            subject_id=subject[1],
            project_id=project_id,
            recipient_id=recipient,
            message=message[:MESSAGE_MAX],
            about_date=now.date(),
            raised_at=now,
            dedupe_key=f"notice:{kind.value}:{subject[0]}:{subject[1]}:{recipient}:"
            f"{now.timestamp():.6f}:{secrets.token_hex(4)}",
        )
    )


def milestone_changed(st: StoreBase, s: Session, m: Milestone, changed: dict[str, object]) -> None:
    """Notices for a change of owner, and for a due date moved later."""
    assert m.id is not None
    who = _name(s, st._me_id)
    about = _about(s, m)
    subject = ("milestone", m.id)
    new_owner = changed.get("owner_id")
    pid = m.project_id
    if isinstance(new_owner, int) and new_owner != m.owner_id:
        handed = f"{who} handed you {about}, due {m.due.isoformat()}"
        notify(st, s, new_owner, AlertKind.ASSIGNED, subject, pid, handed)
        taken = f"{who} handed {about} to {_name(s, new_owner)}"
        notify(st, s, m.owner_id, AlertKind.UNASSIGNED, subject, pid, taken)
    due = changed.get("due")
    if due is not None and due > m.due:  # type: ignore[operator]
        moved = f"{m.due.isoformat()} → {due.isoformat()}"  # type: ignore[attr-defined]
        owner = new_owner if isinstance(new_owner, int) else m.owner_id
        notify(
            st, s, owner, AlertKind.MOVED_LATER, subject, pid, f"{who} moved {about} later: {moved}"
        )
        dependents = s.execute(
            sa.select(col(Milestone.id), col(Milestone.title), col(Milestone.owner_id))
            .join(MilestoneDependency, col(MilestoneDependency.successor_id) == col(Milestone.id))
            .where(col(MilestoneDependency.predecessor_id) == m.id)
        ).all()
        for did, title, downstream in dependents:
            if downstream == owner:
                continue  # told once already
            why = f"{who} moved {about}, which #{did} {title} depends on, later: {moved}"
            notify(st, s, downstream, AlertKind.MOVED_LATER, ("milestone", did or 0), pid, why)


def comment_added(st: StoreBase, s: Session, m: Milestone, body: str) -> None:
    """Notices for the milestone's owner, and for everyone the comment mentions."""
    assert m.id is not None
    who = _name(s, st._me_id)
    about = _about(s, m)
    subject = ("milestone", m.id)
    told: set[int] = set()
    for pid in _mentionable(st, s, m.project_id, mentioned(body)):
        told.add(pid)
        said = f"{who} mentioned you on {about}: {quote(body)}"
        notify(st, s, pid, AlertKind.MENTIONED, subject, m.project_id, said)
    if m.owner_id not in told:
        said = f"{who} commented on your {about}: {quote(body)}"
        many = f"New comments on your {about}, the latest by {who}: {quote(body)}"
        notify(st, s, m.owner_id, AlertKind.COMMENTED, subject, m.project_id, said, burst=many)


def _mentionable(st: StoreBase, s: Session, project_id: int, logins: Iterable[str]) -> list[int]:
    """The people among `logins` who may see the project (a mention tells no one else)."""
    out = []
    for login in logins:
        pid = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
        if pid is None:
            continue
        if access.may_see(s, int(pid), login, st.settings.admins, project_id):
            out.append(int(pid))
    return out


def milestone_added(st: StoreBase, s: Session, m: Milestone) -> None:
    """A new milestone owned by someone else: theirs now."""
    assert m.id is not None
    handed = f"{_name(s, st._me_id)} gave you {_about(s, m)}, due {m.due.isoformat()}"
    notify(st, s, m.owner_id, AlertKind.ASSIGNED, ("milestone", m.id), m.project_id, handed)


def task_assigned(st: StoreBase, s: Session, task: Task, old: int | None, new: int | None) -> None:
    """A task handed to someone (and taken from who had it)."""
    if old == new:
        return
    key = s.scalar(sa.select(col(Project.key)).where(col(Project.id) == task.project_id))
    about = f"task #{task.id} {task.title} ({key})"
    subject = (
        ("milestone", task.milestone_id) if task.milestone_id else ("project", task.project_id)
    )
    who = _name(s, st._me_id)
    if new is not None:
        said = (
            f"{who} handed you {about}, {task.start_date.isoformat()}..{task.end_date.isoformat()}"
        )
        notify(st, s, new, AlertKind.ASSIGNED, subject, task.project_id, said)
    if old is not None:
        taken = f"{who} handed {about} to {_name(s, new) if new else 'nobody'}"
        notify(st, s, old, AlertKind.UNASSIGNED, subject, task.project_id, taken)


def role_changed(
    st: StoreBase, s: Session, person: int, project: Project, old: str | None, new: str | None
) -> None:
    """My role on a project was given, changed or taken."""
    assert project.id is not None
    who = _name(s, st._me_id)
    if new is None:
        said = f"{who} took you off {project.key} {project.name} (you were {old})"
    elif old is None:
        said = f"{who} added you to {project.key} {project.name} as {new}"
    else:
        said = f"{who} made you {new} on {project.key} {project.name} (you were {old})"
    notify(st, s, person, AlertKind.ROLE_CHANGED, ("project", project.id), project.id, said)


def figure_recorded(st: StoreBase, s: Session, target: Target, day: object, value: float) -> None:
    """A figure someone else recorded on a target I own."""
    assert target.id is not None
    figure = amount(value, target.unit) if target.unit else amount(value)
    said = f"{_name(s, st._me_id)} recorded {figure} on your target {target.name} for {day}"
    subject = ("target", target.id)
    notify(st, s, target.owner_id, AlertKind.FIGURE_RECORDED, subject, target.project_id, said)
