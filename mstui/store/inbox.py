"""Each person's alert inbox: listing, acknowledging, snoozing, reopening.

Alerts are rows per recipient, so the state here (acknowledged, snoozed) is
per recipient: my acknowledging hides nothing from the lead. Only the
recipient may change an alert's state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.enums import Severity, stored
from mstui.errors import Invalid, NotFound
from mstui.store.base import StoreBase, chunks
from mstui.store.tables import Alert, Milestone, Person, Project, Target
from mstui.views.alerts import AlertView

Query = sa.Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class AlertFilter:
    """Which alerts a listing shows. Default: my open alerts."""

    everyone: bool = False
    """Everyone's alerts (for leads), not only mine."""
    open_only: bool = True
    """Leave out the acknowledged ones and those snoozed past now."""
    kinds: tuple[str, ...] = ()
    """Only these kinds (`AlertKind` values); empty: all."""
    project: str | None = None
    """Only this project's (by key)."""
    after_id: int = 0
    """Only alerts with a greater id (what is new since a toast was shown)."""
    limit: int | None = None
    offset: int = 0
    """Skip this many first (a screen's window into a long list)."""


def alert_query() -> tuple[Query, type[Project]]:
    """Alerts with their subject's title, project and recipient; and the project alias."""
    recipient = aliased(Person)
    proj, subj_p = aliased(Project), aliased(Project)
    subj_m, subj_t = aliased(Milestone), aliased(Target)
    title = sa.func.coalesce(col(subj_m.title), col(subj_t.name), col(subj_p.name))
    q = (
        sa.select(
            col(Alert.id),
            col(Alert.kind),
            col(Alert.severity),
            col(Alert.subject_type),
            col(Alert.subject_id),
            title,
            col(proj.key),
            col(recipient.login),
            col(Alert.message),
            col(Alert.about_date),
            col(Alert.raised_at),
            col(Alert.acknowledged_at),
            col(Alert.snoozed_until),
            col(Alert.resolved_at),
        )
        .join(recipient, col(recipient.id) == col(Alert.recipient_id))
        .outerjoin(proj, col(proj.id) == col(Alert.project_id))
        .outerjoin(
            subj_m,
            sa.and_(
                col(Alert.subject_type) == "milestone", col(subj_m.id) == col(Alert.subject_id)
            ),
        )
        .outerjoin(
            subj_t,
            sa.and_(col(Alert.subject_type) == "target", col(subj_t.id) == col(Alert.subject_id)),
        )
        .outerjoin(
            subj_p,
            sa.and_(col(Alert.subject_type) == "project", col(subj_p.id) == col(Alert.subject_id)),
        )
    )
    return q, proj


def alert_view(row: Any) -> AlertView:
    """The view of a row of `alert_query`."""
    return AlertView(
        id=row[0],
        kind=row[1],
        severity=stored(Severity, row[2], Severity.WARNING),
        subject_type=row[3],
        subject_id=row[4],
        subject_title=row[5],
        project=row[6],
        recipient=row[7],
        message=row[8],
        about=row[9],
        raised_at=row[10],
        acknowledged_at=row[11],
        snoozed_until=row[12],
        resolved_at=row[13],
    )


def alert_views_by_id(s: Session, ids: Sequence[int]) -> list[AlertView]:
    """The alerts `ids`, by id."""
    q, _ = alert_query()
    out: list[AlertView] = []
    for chunk in chunks(list(ids)):
        out += [alert_view(r) for r in s.execute(q.where(col(Alert.id).in_(chunk)))]
    return sorted(out, key=lambda a: a.id)


def open_clause(now: datetime) -> sa.ColumnElement[bool]:
    """Alerts neither acknowledged, nor resolved, nor snoozed past `now`."""
    return sa.and_(
        col(Alert.acknowledged_at).is_(None),
        col(Alert.resolved_at).is_(None),
        sa.or_(col(Alert.snoozed_until).is_(None), col(Alert.snoozed_until) <= now),
    )


class InboxPart(StoreBase):
    """The queries and commands on one's alerts."""

    def list_alerts(self, flt: AlertFilter | None = None) -> list[AlertView]:
        """Alerts matching `flt` (default: my open ones), newest first."""
        flt = flt or AlertFilter()
        q = self._filtered(alert_query(), flt)
        q = q.order_by(col(Alert.raised_at).desc(), col(Alert.id).desc())
        if flt.limit is not None:
            q = q.limit(flt.limit)
        if flt.offset:
            q = q.offset(flt.offset)
        with self.db.reading() as s:
            return [alert_view(r) for r in s.execute(q)]

    def count_alerts(self, flt: AlertFilter | None = None) -> int:
        """How many alerts `list_alerts(flt)` would list (without its limit and offset)."""
        flt = flt or AlertFilter()
        q = self._filtered(alert_query(), flt).with_only_columns(sa.func.count())
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    def alert_ids(self, flt: AlertFilter | None = None) -> list[int]:
        """The ids of the alerts `list_alerts(flt)` would list, newest first."""
        flt = flt or AlertFilter()
        q = self._filtered(alert_query(), flt).with_only_columns(col(Alert.id))
        q = q.order_by(col(Alert.raised_at).desc(), col(Alert.id).desc())
        with self.db.reading() as s:
            return [int(i) for i in s.scalars(q) if i is not None]

    def _filtered(self, query: tuple[Query, type[Project]], flt: AlertFilter) -> Query:
        q, proj = query
        if not flt.everyone:
            q = q.where(col(Alert.recipient_id) == self.me_id(), self._not_muted())
        if flt.open_only:
            q = q.where(open_clause(self.now()))
        if flt.kinds:
            q = q.where(col(Alert.kind).in_(list(flt.kinds)))
        if flt.project:
            q = q.where(col(proj.key) == flt.project.strip().upper())
        if flt.after_id:
            q = q.where(col(Alert.id) > flt.after_id)
        return q

    def _not_muted(self) -> sa.ColumnElement[bool]:
        """The kinds of notice I muted (`mute` in my settings) are not in my inbox."""
        muted = list(self.settings.mute)
        return col(Alert.kind).not_in(muted) if muted else sa.true()

    def my_alerts(self) -> list[AlertView]:
        """My open alerts (not acknowledged, not snoozed past now), newest first."""
        return self.list_alerts(AlertFilter())

    def all_alerts(self, open_only: bool = True) -> list[AlertView]:
        """Everyone's alerts (open ones by default), newest first: for leads."""
        return self.list_alerts(AlertFilter(everyone=True, open_only=open_only))

    def unread_count(self) -> int:
        """How many open alerts I have (the header's badge)."""
        q = (
            sa.select(sa.func.count())
            .select_from(Alert)
            .where(col(Alert.recipient_id) == self.me_id(), open_clause(self.now()))
            .where(self._not_muted())
        )
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    def latest_alert_id(self) -> int:
        """The id of my newest alert (0 if none): where an app starts counting toasts."""
        q = sa.select(sa.func.max(col(Alert.id))).where(col(Alert.recipient_id) == self.me_id())
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    def alerts_since(self, last_id: int) -> list[AlertView]:
        """My open alerts with an id above `last_id`, oldest first, whoever inserted them."""
        views = self.list_alerts(AlertFilter(after_id=last_id))
        return sorted(views, key=lambda a: a.id)

    def _alerts(self, ids: Sequence[int]) -> list[AlertView]:
        with self.db.reading() as s:
            return alert_views_by_id(s, ids)

    # -- acknowledging and snoozing ---------------------------------------------------------
    def _set_state(self, ids: Iterable[int], action: str, values: dict[str, Any]) -> list[int]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        with self._write() as s:
            me = self._me_id
            rows = {
                a.id: a
                for chunk in chunks(wanted)
                for a in s.scalars(sa.select(Alert).where(col(Alert.id).in_(chunk)))
            }
            for aid in wanted:
                alert = rows.get(aid)
                if alert is None:
                    raise NotFound("alert", aid)
                if alert.recipient_id != me:
                    who = s.scalar(
                        sa.select(col(Person.login)).where(col(Person.id) == alert.recipient_id)
                    )
                    raise Invalid("alert", aid, f"is addressed to {who}, not to you")
            self._allow_own()  # each of them is addressed to me
            for chunk in chunks(wanted):
                q = sa.update(Alert).where(col(Alert.id).in_(chunk))
                if action == "acknowledge":  # the first acknowledgement's time stays
                    q = q.where(col(Alert.acknowledged_at).is_(None))
                s.execute(q.values(**values))
            for aid in wanted:
                new = values.get("snoozed_until") if action == "snooze" else None
                self._log(s, "alert", aid, action, new=new, project_id=rows[aid].project_id)
        return wanted

    def acknowledge(self, ids: Iterable[int]) -> list[AlertView]:
        """Acknowledge my alerts `ids` (others keep theirs); returns them."""
        done = self._set_state(ids, "acknowledge", {"acknowledged_at": self.now()})
        return self._alerts(done)

    def acknowledge_all(self, flt: AlertFilter | None = None) -> int:
        """Acknowledge all my open alerts matching `flt`; returns how many."""
        flt = flt or AlertFilter()
        ids = self.alert_ids(AlertFilter(kinds=flt.kinds, project=flt.project))
        return len(self._set_state(ids, "acknowledge", {"acknowledged_at": self.now()}))

    def snooze(self, ids: Iterable[int], until: datetime) -> list[AlertView]:
        """Hide my alerts `ids` until `until` (an aware time)."""
        if until.tzinfo is None:
            raise Invalid("until", until.isoformat(), "needs a timezone")
        if until <= self.now():
            raise Invalid("until", until.isoformat(), "is not in the future")
        done = self._set_state(ids, "snooze", {"snoozed_until": until})
        return self._alerts(done)

    def snooze_for(self, ids: Iterable[int], duration: timedelta) -> list[AlertView]:
        """Hide my alerts `ids` for `duration` from now."""
        return self.snooze(ids, self.now() + duration)

    def reopen(self, ids: Iterable[int]) -> list[AlertView]:
        """Undo acknowledging or snoozing my alerts `ids`."""
        done = self._set_state(ids, "reopen", {"acknowledged_at": None, "snoozed_until": None})
        return self._alerts(done)
