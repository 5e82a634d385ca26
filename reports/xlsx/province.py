"""placeholder"""


def province_workbook(**kwargs):
    raise NotImplementedError
