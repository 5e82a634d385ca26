import pytest
from django.http import Http404

from core.ids import pk_or_404, pk_or_none


@pytest.mark.parametrize("value", ["", None, "abc", "²", "①", "12a", "-1", "1.0", "9" * 19, " "])
def test_anything_but_a_plain_number_is_not_an_id(value):
    assert pk_or_none(value) is None
    with pytest.raises(Http404):
        pk_or_404(value)


@pytest.mark.parametrize(("value", "pk"), [("7", 7), (" 42 ", 42), (15, 15), ("9" * 18, int("9" * 18))])
def test_plain_numbers_are_ids(value, pk):
    assert pk_or_none(value) == pk
    assert pk_or_404(value) == pk
