"""report_row_cells: each column's `<td>` attributes rendered once per table, kept off django-tables2's objects."""

import gc

import django_tables2 as tables

from reports.templatetags import report_tables
from reports.templatetags.report_tables import report_row_cells


class CountingAttrs(dict):
    """td attributes that count how often django-tables2 renders them."""

    renders = 0

    def items(self):
        CountingAttrs.renders += 1
        return super().items()


def table_for(css: str, rows: int):
    class Table(tables.Table):
        name = tables.Column(attrs={"td": CountingAttrs({"class": css})})
        count = tables.Column(attrs={"td": {"class": "number"}})

    return Table([{"name": f"<b>{n}</b>", "count": n} for n in range(rows)])


def test_cells_carry_each_columns_attributes_and_escape_values():
    table = table_for("name", 2)
    html = [str(report_row_cells(row)) for row in table.rows]
    assert html[1] == '<td class="name">&lt;b&gt;1&lt;/b&gt;</td><td class="number">1</td>'
    assert "_td_attributes" not in vars(table)  # nothing stored on the table object


def test_attributes_render_once_per_table_and_never_leak_to_another_table():
    first, second = table_for("first", 50), table_for("second", 50)
    CountingAttrs.renders = 0
    for row in first.rows:
        report_row_cells(row)
    renders_for_first = CountingAttrs.renders
    second_html = [str(report_row_cells(row)) for row in second.rows]
    assert renders_for_first == 1 and CountingAttrs.renders == 2  # once per table, not once per row (50)
    assert all('<td class="second">' in cell for cell in second_html)
    assert len(report_tables._TD_ATTRIBUTES) >= 2
    del first, second, row
    gc.collect()
    assert len(report_tables._TD_ATTRIBUTES) == 0  # an entry lives only as long as its table
