"""Where things sit in the Excel template. Needs no settings: scripts and tests use it freely.

The column titles are Vietnamese msgids (marked with gettext_noop): the template is written in the
user's language and the importer accepts the titles of every UI language.
"""

from django.utils.translation import gettext_noop

SHEET_NAME = "SoLieu"
# A very hidden sheet of (staff code, value when the template was built): the import's stale check.
SEEN_SHEET_NAME = "GiaTriKhiTai"
HEADER_ROW = 5
FIRST_DATA_ROW = HEADER_ROW + 1
COLUMNS = [
    gettext_noop("Mã NV"),
    gettext_noop("Họ và tên"),
    gettext_noop("Bưu điện"),
    gettext_noop("Số người tham gia mới"),
]
PROVINCE_CELL, SCHEME_CELL, MONTH_CELL, YEAR_CELL = "B2", "D2", "B3", "D3"
