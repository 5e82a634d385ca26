"""Where things sit in the plans template (a year's provinces and their plans). The column titles are Vietnamese
msgids: the template is written in the user's language and the importer accepts the titles of every UI language."""

from django.utils.translation import gettext_noop

PLANS_SHEET_NAME = "KeHoach"
PLANS_YEAR_CELL = "B2"
PLANS_HEADER_ROW = 4
PLANS_FIRST_DATA_ROW = PLANS_HEADER_ROW + 1
PLANS_COLUMNS = [
    gettext_noop("Mã tỉnh"),
    gettext_noop("Tỉnh/thành phố"),
    gettext_noop("Phân cấp"),
    gettext_noop("Kế hoạch năm"),
]
