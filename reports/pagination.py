"""Tables configured from the query string with the page and the page size kept in bounds.

django-tables2's RequestConfig takes ?page= and ?per_page= as given: a page number past 2^63
overflows the SQL OFFSET (a server error), and ?per_page=1000000 would render every staff member of
the country in one page. Both are clamped before the table sees them.
"""

import copy

from django_tables2 import RequestConfig

MAX_PAGE = 100_000
MAX_PER_PAGE = 100


def _bounded(value: str, limit: int) -> str:
    try:
        return str(min(max(int(value), 1), limit))
    except ValueError:  # text, or too many digits for int(): the table ignores it
        return value


def table_configure(request, table, paginate):
    """RequestConfig(request, paginate).configure(table), with ?page= and ?per_page= clamped."""
    query = request.GET.copy()
    for field, limit in ((table.prefixed_page_field, MAX_PAGE), (table.prefixed_per_page_field, MAX_PER_PAGE)):
        if field in query:
            query[field] = _bounded(query[field], limit)
    bounded = copy.copy(request)
    bounded.GET = query
    return RequestConfig(bounded, paginate=paginate).configure(table)
