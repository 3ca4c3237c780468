"""Figures (measurements) of targets: recording what was reached, and correcting it."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotFound
from mstui.store import notices
from mstui.store.base import StoreBase
from mstui.store.tables import Measurement
from mstui.store.target_reads import one_target, target_tz, writable_target
from mstui.views.targets import TargetView


def check_measurement_date(day: date, start: date, end: date, today: date) -> None:
    """A figure is dated inside the target's period and not after today."""
    if day < start:
        raise Invalid(
            "date", day.isoformat(), f"is before the target's start ({start.isoformat()})"
        )
    if day > end:
        raise Invalid("date", day.isoformat(), f"is after the target's end ({end.isoformat()})")
    if day > today:
        raise Invalid("date", day.isoformat(), "is in the future: record what was reached by then")


def _finite(value: float) -> None:
    if value != value or value in (float("inf"), float("-inf")):
        raise Invalid("value", value, "must be a number")


class FigurePart(StoreBase):
    """Record, correct and remove the figures of targets."""

    def _target_now(self, tid: int) -> TargetView:
        with self.db.reading() as s:
            return one_target(self, s, tid)

    def record_measurement(
        self,
        tid: int,
        value: float,
        when: date | None = None,
        note: str = "",
        add: bool = False,
    ) -> TargetView:
        """Record the cumulative figure at `when` (today by default); `add` records an increment."""
        note = clean_field("note", note, max_len=500, required=False)
        _finite(value)
        with self._write() as s:
            target = writable_target(self, s, tid)
            today = today_in(target_tz(self, s, target), self.now())
            # "Today" after the period ends means the period's last figure.
            day = when or min(today, target.end_date)
            check_measurement_date(day, target.start_date, target.end_date, today)
            rows = s.execute(
                sa.select(col(Measurement.date), col(Measurement.value))
                .where(col(Measurement.target_id) == tid)
                .order_by(col(Measurement.date), col(Measurement.id))
            ).all()
            if add:
                # The latest figure on or before `day`; of one day's, the last recorded
                # (a correction), as the target's state reads them, not the largest.
                earlier = [v for d, v in rows if d <= day]
                base = earlier[-1] if earlier else 0.0
                value = base + value
            s.add(
                Measurement(
                    target_id=tid,
                    date=day,
                    value=value,
                    note=note,
                    recorded_by_id=self._me_id,
                    recorded_at=self.now(),
                )
            )
            self._log(s, "target", tid, "record", field=day.isoformat(), new=value,
                      project_id=target.project_id)  # fmt: skip
            notices.figure_recorded(self, s, target, day, value)
        return self._target_now(tid)

    def _measurement(self, s: Session, mid: int) -> Measurement:
        row = s.get(Measurement, mid)
        if row is None:
            raise NotFound("measurement", mid)
        return row

    def edit_measurement(
        self,
        mid: int,
        *,
        value: float | None = None,
        when: date | None = None,
        note: str | None = None,
    ) -> TargetView:
        """Correct a recorded figure: its value, its date or its note."""
        if value is not None:
            _finite(value)
        if note is not None:
            note = clean_field("note", note, max_len=500, required=False)
        with self._write() as s:
            m = self._measurement(s, mid)
            target = writable_target(self, s, m.target_id)
            if when is not None:
                today = today_in(target_tz(self, s, target), self.now())
                check_measurement_date(when, target.start_date, target.end_date, today)
            for key, new in (("value", value), ("date", when), ("note", note)):
                if new is not None and getattr(m, key) != new:
                    self._log(s, "target", m.target_id, "correct", field=f"{key} of #{mid}",
                              old=getattr(m, key), new=new,
                              project_id=target.project_id)  # fmt: skip
                    setattr(m, key, new)
            tid = m.target_id
        return self._target_now(tid)

    def delete_measurement(self, mid: int) -> TargetView:
        """Remove a recorded figure (a mistake); the target is returned as it is now."""
        with self._write() as s:
            m = self._measurement(s, mid)
            target = writable_target(self, s, m.target_id)
            tid = m.target_id
            self._log(s, "target", tid, "unrecord", field=m.date.isoformat(), old=m.value,
                      project_id=target.project_id)  # fmt: skip
            s.delete(m)
        return self._target_now(tid)
