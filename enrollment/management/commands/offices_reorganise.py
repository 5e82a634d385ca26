"""`python manage.py offices_reorganise plan.csv --on 2025-09-01 [--dry-run] [--user hq]`: a dated change of the tree.

The CSV (UTF-8, a header row, comma-separated) has one row per new office: `old_code` (the office that closes the
day before --on), `new_code`, `name`, `kind` (optional, default `commune`) and `parent_code` (optional: an office of
the same province, or another new office of the file). Several rows may share an old office (its staff are shared
out between them) or a new one (it replaces several). Any bad row: every problem is listed and nothing is written.
"""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from enrollment.geography import nfc
from enrollment.management.commands.scheme_cutover import system_user
from enrollment.models import PostOffice
from enrollment.services.reorganisation import ReorganisationReport, ReorganisationRow, offices_reorganise

REQUIRED_COLUMNS = ("old_code", "new_code", "name")
OPTIONAL_COLUMNS = ("kind", "parent_code")


def plan_read(text: str) -> list[ReorganisationRow]:
    """The plan's rows from the CSV text; ValidationError when the header lacks a required column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            _("Tệp thiếu cột %(columns)s (cần: %(required)s).")
            % {"columns": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}
        )
    reader.fieldnames = header
    rows = []
    for line, record in enumerate(reader, start=2):
        values = {key: nfc(value or "").strip() for key, value in record.items() if key is not None}
        rows.append(
            ReorganisationRow(
                old_code=values.get("old_code", ""),
                new_code=values.get("new_code", ""),
                name=values.get("name", ""),
                kind=values.get("kind") or PostOffice.Kind.COMMUNE,
                parent_code=values.get("parent_code", ""),
                line=line,
            )
        )
    return rows


def report_lines(report: ReorganisationReport) -> list[str]:
    """The report in Vietnamese (through gettext): the counts, then what was left as it was and why."""
    day = formats.date_format(report.on, "SHORT_DATE_FORMAT")
    lines = [
        _("Sắp xếp bưu điện từ ngày %(day)s (chạy thử, không lưu gì)") % {"day": day}
        if report.dry_run
        else _("Sắp xếp bưu điện từ ngày %(day)s") % {"day": day},
        _(
            "Bưu điện mới: %(opened)d mở, %(already)d đã có từ trước; %(closed)d bưu điện cũ đóng, %(off)d ngừng hoạt động."
        )
        % {
            "opened": report.offices_opened,
            "already": report.offices_already,
            "closed": report.offices_closed,
            "off": report.offices_deactivated,
        },
        _("Nhân viên: %(moved)d điều chuyển, %(already)d đã chuyển từ trước.")
        % {"moved": report.staff_moved, "already": report.staff_already},
    ]
    if report.skipped:
        lines.append(_("Không chuyển được (%(count)d):") % {"count": len(report.skipped)})
        lines.extend(f"  - {item.what}: {item.reason}" for item in report.skipped)
    if not report.changed:
        lines.append(_("Không có gì thay đổi: việc sắp xếp đã xong."))
    lines.append(_("Thời gian: %(seconds).1f giây.") % {"seconds": report.seconds})
    return lines


class Command(BaseCommand):
    help = "Đóng bưu điện cũ và mở bưu điện mới theo tệp CSV (sắp xếp bưu điện xã 1/9/2025), điều chuyển nhân viên."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="tệp CSV: old_code,new_code,name[,kind][,parent_code]")
        parser.add_argument("--on", required=True, type=datetime.date.fromisoformat, help="ngày mở, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="chạy thử: báo cáo mà không lưu gì")
        parser.add_argument("--user", default="", help="tài khoản thực hiện (mặc định: hệ thống)")

    def handle(self, *args, **options):
        user = system_user()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có người dùng %(username)s.") % {"username": options["user"]})
        try:
            with open(options["plan"], encoding="utf-8") as plan_file:
                plan = plan_read(plan_file.read())
            report = offices_reorganise(plan=plan, on=options["on"], user=user, dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(_("Không đọc được tệp %(path)s.") % {"path": options["plan"]}) from error
        except UnicodeDecodeError as error:
            raise CommandError(_("Tệp phải được lưu dạng UTF-8.")) from error
        except (PermissionDenied, ValidationError) as error:
            raise CommandError("\n".join(getattr(error, "messages", [str(error)]))) from error
        for line in report_lines(report):
            self.stdout.write(line)
