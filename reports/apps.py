from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    """The reports app; connects the receivers that move the rollups (reports/signals.py)."""

    name = "reports"
    verbose_name = pgettext_lazy("app", "Báo cáo")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from enrollment.models import MonthlyFigure
        from enrollment.signals import figures_changed
        from reports import signals

        figures_changed.connect(signals.on_figures_changed, dispatch_uid="reports.signals.figures_changed")
        pre_save.connect(signals.on_figure_pre_save, sender=MonthlyFigure, dispatch_uid="reports.signals.pre_save")
        post_save.connect(signals.on_figure_post_save, sender=MonthlyFigure, dispatch_uid="reports.signals.post_save")
        post_delete.connect(
            signals.on_figure_post_delete, sender=MonthlyFigure, dispatch_uid="reports.signals.post_delete"
        )
