from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = pgettext_lazy("app", "Báo cáo")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from enrollment.models import MonthlyFigure
        from enrollment.signals import figures_changed
        from reports import rollups

        figures_changed.connect(rollups.on_figures_changed, dispatch_uid="reports.rollups.figures_changed")
        pre_save.connect(rollups.on_figure_pre_save, sender=MonthlyFigure, dispatch_uid="reports.rollups.pre_save")
        post_save.connect(rollups.on_figure_post_save, sender=MonthlyFigure, dispatch_uid="reports.rollups.post_save")
        post_delete.connect(
            rollups.on_figure_post_delete, sender=MonthlyFigure, dispatch_uid="reports.rollups.post_delete"
        )
