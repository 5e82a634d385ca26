"""`python manage.py export_report national --year 2021 --through-month 4 -o tong-hop.xlsx`.

The same workbooks as the download page. Without --user the command reads everything (as HQ
would); with --user it applies that user's scope, exactly as the page does.
"""

import shutil

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from core.period import Period
from reports.exports.scope import export_scope_resolve
from reports.exports.xlsx import REPORT_NAMES, report_build
from reports.selectors.restatement import View, default_view


def command_line_user():
    """An unsaved superuser: sees everything through visible_to (roles gives an unsaved user no groups, without
    asking the database)."""
    return get_user_model()(username="export_report", is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = "Xuất một báo cáo Excel (tổng hợp, chi tiết bưu điện, nhân viên, nộp số liệu) ra tệp .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=REPORT_NAMES)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--through-month", type=int, required=True, choices=range(1, 13), metavar="1..12")
        parser.add_argument(
            "--province",
            default="",
            help="mã GSO của tỉnh theo cách tính (--view): restated mã 34 tỉnh, reported mã của phân cấp trong kỳ",
        )
        parser.add_argument("--region", default="", help="mã vùng, ví dụ DBSH")
        parser.add_argument(
            "--view",
            choices=[value for value, _label in View.choices],
            help="reported (theo số liệu báo cáo) hoặc restated (quy đổi theo địa giới hiện hành); "
            "mặc định như trang báo cáo: restated cho 2025 và 2026",
        )
        parser.add_argument("--user", default="", help="lập báo cáo trong phạm vi của người dùng này")
        parser.add_argument(
            "--language", default="vi", choices=["vi", "en"], help="ngôn ngữ của tệp (tiêu đề, nhãn): vi hoặc en"
        )
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        # Everything the command writes — workbook headers, title block, messages — in the chosen language.
        with translation.override(options["language"]):
            self._export(options)

    def _export(self, options) -> None:
        if not 2000 <= options["year"] <= 2100:
            raise CommandError(_("Năm phải trong khoảng 2000–2100."))
        user = command_line_user()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có người dùng %(username)s.") % {"username": options["user"]})
        period = Period(options["year"], options["through_month"])
        try:
            scope = export_scope_resolve(
                user=user,
                period=period,
                region_code=options["region"],
                province_code=options["province"],
                view=options["view"] or default_view(period),
            )
        except Http404 as error:
            raise CommandError(str(error)) from error
        generated_by = None if options["user"] else _("export_report (dòng lệnh)")
        handle = report_build(name=options["report"], user=user, period=period, scope=scope, generated_by=generated_by)
        with handle, open(options["output"], "wb") as output:
            shutil.copyfileobj(handle, output)
        self.stdout.write(_("Đã ghi %(path)s") % {"path": options["output"]})
