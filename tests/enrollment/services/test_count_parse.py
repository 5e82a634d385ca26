"""count_parse, the one number reader: what each path does with what a person types or a cell holds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from enrollment.services.figure_rules import COUNT_MAX, count_parse


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("1.000", 1000),
        ("1 000", 1000),
        ("1\u00a0000", 1000),  # a no-break space, as Excel and Word paste it
        ("10.000", 10_000),
        ("5", 5),
        (" 7 ", 7),
        ("+3", 3),
        ("5,0", 5),
        ("5.0", 5),
        ("5,00", 5),
        ("1.000,0", 1000),
        ("0", 0),
        ("-0", 0),
        (5, 5),
        (5.0, 5),
        (Decimal("5.00"), 5),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_what_is_read_as_a_count(raw, count):
    assert count_parse(raw) == count


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("5,5", "không có phần thập phân"),
        ("5.5", "không có phần thập phân"),
        (2.5, "không có phần thập phân"),
        ("-1", "không được âm"),
        (-1, "không được âm"),
        ("abc", "“abc” không phải là số nguyên"),
        ("1,000", "không rõ là bao nhiêu"),  # one (vi) or one thousand (en): refused, never read as 1
        ("1.0.0", "không phải là số nguyên"),
        ("²", "không phải là số nguyên"),
        ("٣", "không phải là số nguyên"),
        (float("nan"), "không phải là số nguyên"),
        (True, "không phải là số nguyên"),
        ("10.001", "quá lớn"),
        ("1.000.000", "quá lớn"),
        ("9" * 5000, "không phải là số nguyên"),
    ],
)
def test_what_is_refused_and_why(raw, message):
    with pytest.raises(ValidationError) as refused:
        count_parse(raw)
    assert message in refused.value.messages[0]


@given(st.integers(0, COUNT_MAX))
def test_every_count_written_the_vietnamese_way_reads_back(count):
    grouped = f"{count:,}"
    assert count_parse(grouped.replace(",", ".")) == count
    assert count_parse(grouped.replace(",", " ")) == count
    assert count_parse(str(count)) == count
    assert count_parse(f"{count},0") == count
    assert count_parse(float(count)) == count


@given(st.integers(1, COUNT_MAX), st.integers(1, 9))
def test_a_fraction_is_refused_never_rounded(count, tenth):
    for text in (f"{count},{tenth}", f"{count}.{tenth}"):
        with pytest.raises(ValidationError):
            count_parse(text)


@given(st.text(max_size=12))
def test_any_text_is_a_count_in_range_or_a_validation_error(text):
    try:
        count = count_parse(text)
    except ValidationError as error:
        assert error.messages and all(error.messages)
    else:
        assert count is None or 0 <= count <= COUNT_MAX
