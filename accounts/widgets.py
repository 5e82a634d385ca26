"""Bootstrap's look on plain Django forms (the project renders widgets as they come)."""

from django import forms


def styled(form: forms.BaseForm, size: str = "") -> None:
    """Bootstrap's classes on every widget (selects and inputs differ)."""
    for field in form.fields.values():
        kind = "form-select" if isinstance(field.widget, forms.Select | forms.SelectMultiple) else "form-control"
        field.widget.attrs["class"] = f"{kind} {kind}-{size}" if size else kind
