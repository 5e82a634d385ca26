"""The Excel reports, one module each: rows in (from selectors), a write_only workbook out.

`report_build` is what the download view and the `export_report` command both call, so the
browser and the command line write the same files, in the same view (restated by default across 1/7/2025).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.xlsx.writer import ReportHeading, user_label, workbook_to_tempfile
from reports.selectors.restatement import view_label


@dataclass(frozen=True)
class ReportKind:
    title: str
    slug: str
    builder: Callable


def _builders() -> dict[str, ReportKind]:
    from reports.exports.xlsx.national import national_workbook
    from reports.exports.xlsx.plans import plans_workbook
    from reports.exports.xlsx.province import province_workbook
    from reports.exports.xlsx.staff import staff_workbook
    from reports.exports.xlsx.submissions import submissions_workbook

    return {
        "national": ReportKind(
            _("Báo cáo tổng hợp phát triển người tham gia BHXH tự nguyện"), "tong-hop", national_workbook
        ),
        "province": ReportKind(_("Báo cáo chi tiết theo bưu điện"), "chi-tiet-buu-dien", province_workbook),
        "staff": ReportKind(_("Báo cáo kết quả của cán bộ nhân viên"), "nhan-vien", staff_workbook),
        "submissions": ReportKind(_("Tình hình nộp và khóa sổ số liệu tháng"), "nop-so-lieu", submissions_workbook),
        "plans": ReportKind(_("Kế hoạch năm và phân bổ cho bưu điện"), "ke-hoach", plans_workbook),
    }


REPORT_NAMES = ("national", "province", "staff", "submissions", "plans")
REPORT_CHOICES = [
    ("national", _("Tổng hợp toàn quốc (theo vùng)")),
    ("province", _("Chi tiết theo bưu điện")),
    ("staff", _("Kết quả cán bộ nhân viên")),
    ("submissions", _("Tình hình nộp / khóa sổ")),
    ("plans", _("Kế hoạch và phân bổ")),
]


def report_filename(name: str, period: Period, scope: ExportScope) -> str:
    """e.g. bhxh-tong-hop-2021-04.xlsx, bhxh-nhan-vien-2021-04-tinh-66.xlsx."""
    suffix = (
        f"-tinh-{scope.province.code}"
        if scope.province
        else f"-vung-{scope.region.code.lower()}"
        if scope.region
        else ""
    )
    return f"bhxh-{_builders()[name].slug}-{period.year}-{period.month:02d}{suffix}.xlsx"


def report_build(*, name: str, user, period: Period, scope: ExportScope, generated_by: str | None = None) -> IO[bytes]:
    """Build report `name` for `user` into a rewound temporary file (closed → deleted).

    Every report reads the scope's view (as reported / restated, restatement.py) and says which in row 6.
    """
    kind = _builders()[name]
    heading = ReportHeading(
        title=str(kind.title).upper(),
        period=period,
        scope_label=scope.label,
        generated_by=generated_by or user_label(user),
        generated_at=timezone.now(),
        view_label=view_label(scope.view),
    )
    workbook = kind.builder(user=user, period=period, scope=scope, heading=heading)
    return workbook_to_tempfile(workbook)
