"""The receivers that keep the rollups in step with the figures (connected in ReportsConfig.ready).

- `figures_changed` (sent by enrollment.services.figures.figures_record inside its transaction, after the
  rows are saved) → `rollups_apply(changes)`: the rollups move in the writer's transaction.
- A lone `MonthlyFigure.save()`/`delete()` outside the service (shell, a fixture, a future path) is caught by
  `pre_save`/`post_save`/`post_delete` and moves the rollups the same way; a moved figure empties its old cell.
"""

from enrollment.models import MonthlyFigure
from enrollment.signals import FigureChange
from reports.rollups import StaffCell, rollups_apply


def on_figures_changed(sender, changes: list[FigureChange], **kwargs) -> None:
    """Receiver of enrollment.signals.figures_changed; runs inside the writer's transaction."""
    rollups_apply(changes)


def on_figure_pre_save(sender, instance: MonthlyFigure, raw: bool = False, **kwargs) -> None:
    """Remember what the row held before, so post_save can take it out of its old cell."""
    instance._rollup_before = None
    if not raw and instance.pk:
        instance._rollup_before = MonthlyFigure.objects.select_related("post_office").filter(pk=instance.pk).first()


def _cell(figure: MonthlyFigure, value: int | None) -> StaffCell:
    return (figure.staff_id, figure.post_office_id, figure.post_office.province_id, figure.year, figure.month, value)


def on_figure_post_save(sender, instance: MonthlyFigure, raw: bool = False, **kwargs) -> None:
    """A figure saved outside figures_record: add it to its cell (and take the old value out of the old cell)."""
    if raw:
        return
    before = getattr(instance, "_rollup_before", None)
    changes = [FigureChange.of(instance, old=0, new=instance.new_participants)]
    cells = [_cell(instance, instance.new_participants)]
    if before is not None:
        changes.append(FigureChange.of(before, old=before.new_participants, new=0))
        # The old cell empties first (the figure may have moved to another staff member or month), then the new one.
        cells.insert(0, _cell(before, None))
    rollups_apply(changes, cells)


def on_figure_post_delete(sender, instance: MonthlyFigure, **kwargs) -> None:
    """A figure deleted (only outside the product: figures are corrected to 0, never deleted)."""
    rollups_apply([FigureChange.of(instance, old=instance.new_participants, new=0)], [_cell(instance, None)])
