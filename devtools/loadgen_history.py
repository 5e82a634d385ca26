"""The history rows of the generated figures (`generate_load`): entered through the grid or an import, by the
province's manager where it has one, a few in a hundred corrected once — so the history page is measured at size.
"""

from django.db import connection

from enrollment.models import ManagerAssignment, MonthlyFigure, PostOffice

EDITED_ONE_IN = 33  # the modulus picking the figures corrected once after entry (about 8 in 100)
IMPORTED_ONE_IN = 5  # figures entered through an Excel import (the others through the grid)

# The history row of a figure entered in the first days after its month (08:00–16:00; no later than now), in SQL
# per engine: one INSERT … SELECT over millions of figures instead of a round trip through Python per row.
_ENTERED = {
    "postgresql": "LEAST(now(), make_timestamptz(f.year, f.month, 1, 8, 0, 0, 'UTC') + interval '1 month' "
    "+ make_interval(days => (f.id %% 10)::int + {later}, hours => (f.id %% 9)::int))",
    "sqlite": "MIN(datetime('now'), datetime(printf('%%04d-%%02d-01 08:00:00', f.year, f.month), '+1 month', "
    "'+' || (f.id %% 10 + {later}) || ' days', '+' || (f.id %% 9) || ' hours'))",
}

# Which figures were corrected: from the values, not the ids, so a dataset and its replacement match.
EDITED = f"(f.new_participants * 7 + f.month * 13 + f.year) %% {EDITED_ONE_IN}"


def history_write(code_prefix: str) -> int:
    """One history row per generated figure (+ the first entry) of the offices whose code starts with
    `code_prefix`, and a correction (~) for a few in a hundred.

    A corrected figure was first entered 1–3 higher, two days before its correction; who entered it is the
    province's (first) manager where it has one. Returns the number of history rows.
    """
    history = MonthlyFigure.history.model._meta.db_table
    figures, offices = MonthlyFigure._meta.db_table, PostOffice._meta.db_table
    managers = dict(ManagerAssignment.objects.order_by("-pk").values_list("province_id", "user_id"))
    whens = " ".join("WHEN %s THEN %s" for _ in managers)
    user = f"CASE o.province_id {whens} ELSE NULL END" if managers else "NULL"
    params = [value for pair in managers.items() for value in pair]
    columns = "id, staff_id, post_office_id, year, month, new_participants, history_date, history_type, history_change_reason, history_user_id"
    count = 0
    with connection.cursor() as cursor:
        for later, kind, value, where in (
            (
                0,
                "+",
                f"CASE WHEN {EDITED} = 0 THEN f.new_participants + 1 + f.id %% 3 ELSE f.new_participants END",
                "",
            ),
            (2, "~", "f.new_participants", f"AND {EDITED} = 0"),
        ):
            entered = _ENTERED[connection.vendor].format(later=later)
            # tables and columns from model metadata, the expressions above; the managers are parameters
            cursor.execute(
                f"INSERT INTO {history} ({columns}) "  # noqa: S608
                f"SELECT f.id, f.staff_id, f.post_office_id, f.year, f.month, {value}, {entered}, '{kind}', "
                f"CASE WHEN f.id %% {IMPORTED_ONE_IN} = 0 THEN 'import' ELSE 'grid' END, {user} "
                f"FROM {figures} f JOIN {offices} o ON o.id = f.post_office_id "
                f"WHERE o.code LIKE %s {where}",
                [*params, f"{code_prefix}%"],
            )
            count += cursor.rowcount
    return count
