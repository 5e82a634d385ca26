"""`python manage.py scheme_cutover --on 2025-07-01 [--dry-run] [--user hq]`: the change of map, with its report.

Without --user the command acts as a system identity (an unsaved superuser, like export_report's reader); its
history rows then name no user. With --user it acts as that account, which must be HQ.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from enrollment.services.cutover import CutoverReport, scheme_cutover


def system_user():
    """An unsaved superuser: HQ for `roles` without a row in the database (roles gives it no groups)."""
    return get_user_model()(username="scheme_cutover", is_superuser=True, is_active=True)


def report_lines(report: CutoverReport) -> list[str]:
    """The report in Vietnamese (through gettext), one line per count, then what could not be carried."""
    day = formats.date_format(report.on, "SHORT_DATE_FORMAT")
    counts = {
        "created": report.offices_created,
        "already": report.offices_already,
        "closed": report.offices_closed,
        "deactivated": report.offices_deactivated,
    }
    lines = [
        _("Chuyển đổi phân cấp tỉnh từ ngày %(day)s (chạy thử, không lưu gì)") % {"day": day}
        if report.dry_run
        else _("Chuyển đổi phân cấp tỉnh từ ngày %(day)s") % {"day": day},
        _(
            "Bưu điện: %(created)d tạo mới, %(already)d đã chuyển từ trước; %(closed)d bưu điện cũ đóng, "
            "%(deactivated)d ngừng hoạt động."
        )
        % counts,
        _("Nhân viên: %(moved)d điều chuyển, %(already)d đã chuyển từ trước.")
        % {"moved": report.staff_moved, "already": report.staff_already},
        _("Phân công quản lý: %(ended)d kết thúc, %(created)d tạo mới, %(already)d đã xong từ trước.")
        % {
            "ended": report.assignments_ended,
            "created": report.assignments_created,
            "already": report.assignments_already,
        },
        _("Kế hoạch năm giữ nguyên: kế hoạch của tỉnh mới lấy từ tổng các tỉnh cũ cho đến khi Tổng công ty đặt riêng."),
    ]
    if report.skipped:
        lines.append(_("Không chuyển được (%(count)d):") % {"count": len(report.skipped)})
        lines.extend(f"  - {item.what}: {item.reason}" for item in report.skipped)
    if not report.changed:
        lines.append(_("Không có gì thay đổi: việc chuyển đổi đã xong."))
    lines.append(_("Thời gian: %(seconds).1f giây.") % {"seconds": report.seconds})
    return lines


class Command(BaseCommand):
    help = "Chuyển bưu điện, nhân viên và phân công quản lý của các tỉnh cũ sang tỉnh mới (sáp nhập 1/7/2025)."

    def add_arguments(self, parser):
        parser.add_argument("--on", required=True, type=datetime.date.fromisoformat, help="ngày chuyển đổi, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="chạy thử: báo cáo mà không lưu gì")
        parser.add_argument("--user", default="", help="tài khoản Tổng công ty thực hiện (mặc định: hệ thống)")

    def handle(self, *args, **options):
        user = system_user()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có người dùng %(username)s.") % {"username": options["user"]})
        try:
            report = scheme_cutover(user=user, on=options["on"], dry_run=options["dry_run"])
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        for line in report_lines(report):
            self.stdout.write(line)
