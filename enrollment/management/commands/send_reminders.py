"""Cron: e-mail the managers whose provinces have a month due soon or late (at most once a day each)."""

import datetime

from django.core.management.base import BaseCommand

from enrollment.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Gửi thư nhắc nộp số liệu cho lãnh đạo các tỉnh sắp đến hạn hoặc trễ hạn (mỗi người tối đa một thư/ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        result = reminders_send(today=today)
        self.stdout.write(
            f"sent={len(result.sent)} already_today={len(result.already_today)} no_address={len(result.no_address)}"
        )
        for username in result.sent:
            self.stdout.write(f"  sent: {username}")
