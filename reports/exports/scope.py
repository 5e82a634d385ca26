"""What an Excel report covers inside what the user may see: everything, one region or one province.

Resolved from request or command-line codes (region by code, province by the GSO code of the period's scheme);
a province the user may not see is a 404, never data.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from core.period import Period
from enrollment.models import Province, Region
from reports.selectors.dashboard import ProvinceRow
from reports.selectors.restatement import TODAY_SCHEME, View, view_scheme


@dataclass(frozen=True)
class ExportScope:
    """What a report covers inside what the user may see: everything, one region or one province."""

    region: Region | None = None
    province: Province | None = None
    #: the view the codes were resolved in: restated, the province and the region are today's (34-scheme)
    view: str = View.REPORTED

    @property
    def label(self) -> str:
        if self.province:
            return self.province.full_name or self.province.name
        if self.region:
            return _("Vùng %(name)s") % {"name": self.region.label}
        return _("Toàn quốc")

    @property
    def region_code(self) -> str:
        return self.region.code if self.region else ""

    def province_q(self, path: str = "") -> Q:
        """A filter for a queryset whose province is reached through `path` (e.g. "post_office__province").

        The region is matched by its CODE, as the dashboard's `province_ranking(region=...)` does.
        """
        prefix = f"{path}__" if path else ""
        if self.province:
            return Q(**{f"{path}_id" if path else "pk": self.province.pk})
        if self.region:
            return Q(**{f"{prefix}region__code": self.region.code})
        return Q()

    def provinces_q(self, period: Period, path: str = "") -> Q:
        """The provinces a report of the scope reads, reached through `path` ("" on Province): as reported, those
        of the period's scheme; restated, those whose figures count in the scope's provinces of today
        (restatement.restated_province_id: today's province itself and the provinces merged into it)."""
        prefix = f"{path}__" if path else ""
        if self.view != View.RESTATED:
            return self.province_q(path) & Q(**{f"{prefix}scheme": period.scheme})
        if self.province:
            return Q(**{f"{prefix}pk": self.province.pk}) | Q(**{f"{prefix}merged_into": self.province})
        if self.region:
            return Q(**{f"{prefix}scheme": TODAY_SCHEME, f"{prefix}region": self.region}) | Q(
                **{f"{prefix}merged_into__region": self.region}
            )
        return Q()

    def offices_q(self, period: Period) -> Q:
        """The post offices a report of the scope lists: those of `provinces_q`'s provinces."""
        return self.provinces_q(period, "province")

    def keeps(self, row: ProvinceRow) -> bool:
        """Whether a national province_ranking row falls inside the scope (by region code; ranks stay national)."""
        if self.province:
            return row.province_id == self.province.pk
        if self.region:
            return row.region_code == self.region.code
        return True


def export_scope_resolve(
    *, user, period: Period, region_code: str = "", province_code: str = "", view: str = View.REPORTED
) -> ExportScope:
    """Turn request or command-line codes into a scope; a province the user may not see is a 404.

    The codes are of the view's scheme: as reported, the scheme in force at the period (the old 63-province
    code before July 2025); restated, today's. A manager asking for any other province gets Http404, never data.
    """
    scheme = view_scheme(view, period)
    region = None
    if region_code:
        region = Region.objects.filter(scheme=scheme, code=region_code).first()
        if region is None:
            raise Http404(_("Không có vùng mã %(code)s.") % {"code": region_code})
    province = None
    if province_code:
        visible = Province.objects.visible_to(user).of_scheme(scheme).select_related("region")
        province = visible.filter(code=province_code).first()
        if province is None:
            raise Http404(_("Không có tỉnh mã %(code)s trong phạm vi bạn được xem.") % {"code": province_code})
    return ExportScope(region=region, province=province, view=view)
