"""Each person's alert inbox, and the per-project alert thresholds.

Alerts are rows per recipient, so the state here (acknowledged, snoozed) is
per recipient: my acknowledging hides nothing from the lead. Only the
recipient may change an alert's state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col

from mstui.domain.alerts import REVIEW_CADENCES, Thresholds
from mstui.domain.enums import Severity
from mstui.errors import Invalid, NotFound
from mstui.store.tables import Alert, Milestone, Person, Project, Target
from mstui.store.work import WorkStore
from mstui.views.alerts import AlertView

CHUNK = 500
THRESHOLD_FIELDS = ("due_soon_days", "escalation_days", "blocked_days", "review_cadence")


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """`items` in slices of at most `size` (for IN lists)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


class InboxStore(WorkStore):
    """Thresholds, and the queries and commands on one's alerts."""

    # -- thresholds -------------------------------------------------------------
    def base_thresholds(self) -> Thresholds:
        """The thresholds from the settings (before any project's overrides)."""
        st = self.settings
        return Thresholds(st.due_soon_days, st.escalation_days, st.blocked_days, st.review_cadence)

    def project_thresholds(self, key: str) -> tuple[Thresholds, dict[str, Any]]:
        """A project's effective thresholds, and its own overrides (None: as in settings)."""
        with self.db.reading() as s:
            p = self._project(s, key)
            own = {name: getattr(p, name) for name in THRESHOLD_FIELDS}
        return self.base_thresholds().overridden(**own), own

    def set_project_thresholds(self, key: str, **changes: Any) -> Thresholds:
        """Override (or with None, reset to the settings) a project's alert thresholds.

        Keys: due_soon_days, escalation_days, blocked_days (whole days ≥ 0) and
        review_cadence (monthly, quarterly or none).
        """
        for name, value in changes.items():
            if name not in THRESHOLD_FIELDS:
                raise Invalid("field", name, "is not an alert threshold")
            if value is None:
                continue
            if name == "review_cadence":
                if value not in REVIEW_CADENCES:
                    raise Invalid("review", value, "expected monthly, quarterly or none")
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
                raise Invalid(name.removesuffix("_days").replace("_", " "), value, "whole days")
        with self._write() as s:
            p = self._project(s, key)
            assert p.id is not None
            for name, value in changes.items():
                old = getattr(p, name)
                if old != value:
                    self._log(
                        s, "project", p.id, "edit", field=name, old=old, new=value, project_id=p.id
                    )
                    setattr(p, name, value)
            p.version += 1
        return self.project_thresholds(key)[0]

    # -- the inbox ------------------------------------------------------------------------
    def _alert_query(self) -> Any:
        recipient = aliased(Person)
        proj, subj_p = aliased(Project), aliased(Project)
        subj_m, subj_t = aliased(Milestone), aliased(Target)
        title = sa.func.coalesce(subj_m.title, subj_t.name, subj_p.name)
        columns: list[Any] = [
            Alert.id,
            Alert.kind,
            Alert.severity,
            Alert.subject_type,
            Alert.subject_id,
            title,
            proj.key,
            recipient.login,
            Alert.message,
            Alert.about_date,
            Alert.raised_at,
            Alert.acknowledged_at,
            Alert.snoozed_until,
            Alert.resolved_at,
        ]
        q = (
            sa.select(*columns)
            .join(recipient, recipient.id == Alert.recipient_id)
            .outerjoin(proj, proj.id == Alert.project_id)
            .outerjoin(
                subj_m, sa.and_(Alert.subject_type == "milestone", subj_m.id == Alert.subject_id)
            )
            .outerjoin(
                subj_t, sa.and_(Alert.subject_type == "target", subj_t.id == Alert.subject_id)
            )
            .outerjoin(
                subj_p, sa.and_(Alert.subject_type == "project", subj_p.id == Alert.subject_id)
            )
        )
        return q, proj

    @staticmethod
    def _view(row: Any) -> AlertView:
        return AlertView(
            id=row[0],
            kind=row[1],
            severity=Severity(row[2]),
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

    def _alert_views_by_id(self, ids: Sequence[int]) -> list[AlertView]:
        q, _ = self._alert_query()
        out: list[AlertView] = []
        with self.db.reading() as s:
            for chunk in chunks(list(ids)):
                out += [self._view(r) for r in s.execute(q.where(col(Alert.id).in_(chunk)))]
        return sorted(out, key=lambda a: a.id)

    def _open_clause(self, now: datetime) -> Any:
        return sa.and_(
            col(Alert.acknowledged_at).is_(None),
            col(Alert.resolved_at).is_(None),
            sa.or_(col(Alert.snoozed_until).is_(None), col(Alert.snoozed_until) <= now),
        )

    def list_alerts(self, flt: AlertFilter | None = None) -> list[AlertView]:
        """Alerts matching `flt` (default: my open ones), newest first."""
        flt = flt or AlertFilter()
        q, proj = self._alert_query()
        if not flt.everyone:
            q = q.where(Alert.recipient_id == self.me_id())
        if flt.open_only:
            q = q.where(self._open_clause(self.now()))
        if flt.kinds:
            q = q.where(col(Alert.kind).in_(list(flt.kinds)))
        if flt.project:
            q = q.where(proj.key == flt.project.strip().upper())
        if flt.after_id:
            q = q.where(col(Alert.id) > flt.after_id)
        q = q.order_by(col(Alert.raised_at).desc(), col(Alert.id).desc())
        if flt.limit is not None:
            q = q.limit(flt.limit)
        with self.db.reading() as s:
            return [self._view(r) for r in s.execute(q)]

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
            .where(Alert.recipient_id == self.me_id(), self._open_clause(self.now()))
        )
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    def latest_alert_id(self) -> int:
        """The id of my newest alert (0 if none): where an app starts counting toasts."""
        q = sa.select(sa.func.max(Alert.id)).where(Alert.recipient_id == self.me_id())
        with self.db.reading() as s:
            return int(s.scalar(q) or 0)

    def alerts_since(self, last_id: int) -> list[AlertView]:
        """My open alerts with an id above `last_id`, oldest first, whoever inserted them."""
        views = self.list_alerts(AlertFilter(after_id=last_id))
        return sorted(views, key=lambda a: a.id)

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
                    who = s.scalar(sa.select(Person.login).where(Person.id == alert.recipient_id))
                    raise Invalid("alert", aid, f"is addressed to {who}, not to you")
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
        return self._alert_views_by_id(done)

    def acknowledge_all(self, flt: AlertFilter | None = None) -> int:
        """Acknowledge all my open alerts matching `flt`; returns how many."""
        flt = flt or AlertFilter()
        ids = [a.id for a in self.list_alerts(AlertFilter(kinds=flt.kinds, project=flt.project))]
        return len(self._set_state(ids, "acknowledge", {"acknowledged_at": self.now()}))

    def snooze(self, ids: Iterable[int], until: datetime) -> list[AlertView]:
        """Hide my alerts `ids` until `until` (an aware time)."""
        if until.tzinfo is None:
            raise Invalid("until", until.isoformat(), "needs a timezone")
        if until <= self.now():
            raise Invalid("until", until.isoformat(), "is not in the future")
        done = self._set_state(ids, "snooze", {"snoozed_until": until})
        return self._alert_views_by_id(done)

    def snooze_for(self, ids: Iterable[int], duration: timedelta) -> list[AlertView]:
        """Hide my alerts `ids` for `duration` from now."""
        return self.snooze(ids, self.now() + duration)

    def reopen(self, ids: Iterable[int]) -> list[AlertView]:
        """Undo acknowledging or snoozing my alerts `ids`."""
        done = self._set_state(ids, "reopen", {"acknowledged_at": None, "snoozed_until": None})
        return self._alert_views_by_id(done)
