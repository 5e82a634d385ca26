"""Where things sit in the Excel template (no Django imports: scripts and tests use it freely)."""

SHEET_NAME = "SoLieu"
HEADER_ROW = 5
FIRST_DATA_ROW = HEADER_ROW + 1
COLUMNS = ["Mã NV", "Họ và tên", "Bưu điện", "Số người tham gia mới"]
PROVINCE_CELL, SCHEME_CELL, MONTH_CELL, YEAR_CELL = "B2", "D2", "B3", "D3"
