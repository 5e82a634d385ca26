"""Template filters over core/formats.py: `percent` (73,3%) and `count` (76.408), "—" where there is nothing."""

from django import template

from core.formats import count_text, percent_text

register = template.Library()
register.filter("percent", percent_text)
register.filter("count", count_text)
