"""manager-66 (Đắk Lắk) aims every URL of the enrollment app at Hà Nội's objects: 403/404, nothing changes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import URLPattern, get_resolver, reverse

from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Staff

pytestmark = pytest.mark.django_db


def enrollment_patterns() -> list[URLPattern]:
    namespace = get_resolver().namespace_dict["enrollment"][1]
    return [p for p in namespace.url_patterns if isinstance(p, URLPattern)]


def snapshot() -> tuple:
    """Everything a forged request could change."""
    return (
        MonthlyFigure.objects.aggregate(total=Sum("new_participants"), n=Sum(1)),
        MonthlyFigure.history.count(),
        list(MonthStatus.objects.values()),
        MonthStatus.history.count(),
        list(Staff.objects.order_by("pk").values()),
        list(PostOffice.objects.order_by("pk").values()),
    )


@pytest.fixture
def targets(hanoi):
    office = PostOffice.objects.filter(province=hanoi).order_by("code").first()
    staff = Staff.objects.filter(post_office=office).order_by("employee_code").first()
    return {"province": hanoi, "office": office, "staff": staff}


def url_for(pattern: URLPattern, targets) -> str:
    kwargs = {}
    for name in pattern.pattern.converters:
        kind = "staff" if pattern.name.startswith("staff") else "office"
        kwargs[name] = targets[kind].pk
    return reverse(f"enrollment:{pattern.name}", kwargs=kwargs)


def forged_data(targets) -> dict:
    hanoi_staff = targets["staff"]
    book = io.BytesIO(b"PK not really")
    return {
        "year": 2021,
        "month": 4,
        "province": targets["province"].pk,
        "office": targets["office"].pk,
        "post_office": targets["office"].pk,
        "parent": targets["office"].pk,
        "staff": hanoi_staff.pk,
        f"value_{hanoi_staff.pk}": "99",
        f"seen_{hanoi_staff.pk}": "",
        "employee_code": "FORGED01",
        "full_name": "Giả mạo",
        "code": "FORGED-PO",
        "name": "Giả mạo",
        "kind": "commune",
        "monthly_quota": 3,
        "active_from": "01/01/2021",
        "file": SimpleUploadedFile("mau.xlsx", book.getvalue()),
    }


def test_the_walk_covers_the_app():
    names = {p.name for p in enrollment_patterns()}
    assert {"grid", "import", "template_download", "history", "month_submit", "month_close"} <= names


@pytest.mark.parametrize("pattern", enrollment_patterns(), ids=lambda p: p.name)
def test_manager_66_cannot_reach_hanoi(manager_client, targets, pattern):
    before = snapshot()
    url = url_for(pattern, targets)
    query = {k: v for k, v in forged_data(targets).items() if k != "file"}
    get = manager_client.get(url, query)
    post = manager_client.post(
        f"{url}?office={targets['office'].pk}&province={targets['province'].pk}", forged_data(targets)
    )
    assert get.status_code in (403, 404, 405), (url, get.status_code)
    assert post.status_code in (403, 404, 405), (url, post.status_code)
    assert snapshot() == before
