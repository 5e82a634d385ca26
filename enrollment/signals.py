"""Signals of the enrollment app.

`figures_changed` is sent by `enrollment.services.figures_record` inside the writing transaction,
after the rows are saved, with `changes: list[FigureChange]`. Receivers (the rollups) run in that
same transaction, so a failure rolls back the figures and everything derived from them together.
"""

from dataclasses import dataclass

from django.dispatch import Signal

figures_changed = Signal()


@dataclass(frozen=True)
class FigureChange:
    """One staff-month figure that changed: `old` is 0 when the figure did not exist before."""

    staff_id: int
    post_office_id: int
    province_id: int
    year: int
    month: int
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old
