"""placeholder"""


def staff_workbook(**kwargs):
    raise NotImplementedError
