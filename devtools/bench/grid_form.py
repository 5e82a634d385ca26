"""What a browser posts: the login form, and the fields of the entry grid's form#entry-grid.

Pure Python (no Django) so the locust processes can import it. The grid renders one
`value_<staff id>` input and one hidden `seen_<staff id>` (the value when the page was loaded) per
staff member; posting them all back, with one value changed, is exactly a browser's save.
"""

import re
from html.parser import HTMLParser

VALUE_FIELD = re.compile(r"^value_(\d+)$")


class _FormFields(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        elif tag == "input" and self.inside and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def grid_fields(html: str, form_id: str = "entry-grid") -> dict[str, str]:
    """{input name: value} of the grid form, csrfmiddlewaretoken included; {} when the page has no grid."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def staff_ids(fields: dict[str, str]) -> list[int]:
    """The staff members of the grid, in page order."""
    return [int(match.group(1)) for name in fields if (match := VALUE_FIELD.match(name))]


def login_token(html: str) -> str:
    """The CSRF token of the login form."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise ValueError("no CSRF token on the login page")
    return match.group(1)


def log_in(client, username: str, password: str) -> None:
    """Log a locust user's HTTP client in through the login page, as a browser does."""
    token = login_token(client.get("/accounts/login/", name="login page").text)
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        name="login",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {username} failed: {response.status_code}")
