"""core/formats.py: Vietnamese and English display of counts and percentages; "—" where there is nothing."""

from decimal import Decimal

from django.utils import translation

from core.formats import count_text, percent_text


def test_vietnamese_groups_with_dots_and_uses_a_decimal_comma():
    with translation.override("vi"):
        assert count_text(76408) == "76.408"
        assert count_text(1234567) == "1.234.567"
        assert percent_text(Decimal("73.3")) == "73,3%"
        assert percent_text(Decimal("19")) == "19,0%"


def test_english_groups_with_commas_and_uses_a_decimal_point():
    with translation.override("en"):
        assert count_text(76408) == "76,408"
        assert percent_text(Decimal("73.3")) == "73.3%"


def test_nothing_is_a_dash():
    assert count_text(None) == "—"
    assert percent_text(None) == "—"


def test_the_template_filters_are_these_functions():
    from reports.templatetags import figures

    assert figures.register.filters["percent"] is percent_text
    assert figures.register.filters["count"] is count_text
