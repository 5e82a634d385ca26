"""placeholder"""


def submissions_workbook(**kwargs):
    raise NotImplementedError
