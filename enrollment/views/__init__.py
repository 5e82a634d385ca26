"""Thin views of the entry pages, one module per page family: read the request, call selectors and services, render."""
