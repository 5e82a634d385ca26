"""Signals of the enrollment app.

`figures_changed` is sent by `enrollment.services.figures.figures_record` inside the writing transaction,
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

    @classmethod
    def of(cls, figure, *, old: int, new: int) -> "FigureChange":
        """The change of one MonthlyFigure (its post office loaded): the one place a FigureChange is built."""
        return cls(
            staff_id=figure.staff_id,
            post_office_id=figure.post_office_id,
            province_id=figure.post_office.province_id,
            year=figure.year,
            month=figure.month,
            old=old,
            new=new,
        )

    @property
    def delta(self) -> int:
        return self.new - self.old
