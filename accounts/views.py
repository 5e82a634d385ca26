"""HQ's users pages: list and search, create, one user's page (provinces through time, disable, password link).

Every view is HQ's only (`hq_required`: 403 for anyone else, GET or POST); the writes go through accounts.services,
whose ValidationError messages are shown on the form or as a message, never as a stack trace.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import selectors, services
from accounts.filters import UserFilterSet
from accounts.forms import AssignmentEndForm, AssignmentForm, UserCreateForm
from accounts.tables import UserTable
from enrollment.models import ManagerAssignment
from enrollment.services import assignments
from enrollment.views.access import hq_required
from reports.pagination import table_configure

USERS_PER_PAGE = 25


def _errors_to_form(form, error: ValidationError) -> None:
    for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@require_safe
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """Every user with role, provinces held (dates), active or disabled, last login; search and pages."""
    hq_required(request.user)
    filters = UserFilterSet(request.GET or None, queryset=selectors.user_list(user=request.user))
    table = UserTable(filters.qs)
    table_configure(request, table, paginate={"per_page": USERS_PER_PAGE})
    table.spells = selectors.assignments_of(user=request.user, users=[row.record for row in table.page.object_list])
    return render(request, "accounts/users.html", {"filter": filters, "table": table})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    """One form: username, full name, e-mail, role, and for a manager the provinces and the from-date."""
    hq_required(request.user)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tạo người dùng %(username)s.") % {"username": created.username})
            return redirect("accounts:user_detail", pk=created.pk)
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200)


def _subject(request, pk: int):
    try:
        return selectors.user_detail(user=request.user, pk=pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def _detail(request, subject, *, assign_form=None, status=200) -> HttpResponse:
    spells = selectors.assignments_of(user=request.user, users=[subject]).get(subject.pk, [])
    context = {
        "subject": subject,
        "spells": [(spell, AssignmentEndForm(prefix=f"end-{spell.pk}")) for spell in spells],
        "assign_form": assign_form or AssignmentForm(user=request.user),
        "history": selectors.assignment_history(user=request.user, subject=subject)[:50],
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_safe
@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hq_required(request.user)
    return _detail(request, _subject(request, pk))


def _back(pk: int):
    return redirect(reverse("accounts:user_detail", args=[pk]))


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable (active=0) or re-enable (active=1) a user."""
    hq_required(request.user)
    subject = _subject(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_active_set(user=subject, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã mở lại tài khoản.") if active else _("Đã khóa tài khoản; các phiên đăng nhập đã kết thúc.")
        )
    return _back(pk)


@login_required
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    hq_required(request.user)
    subject = _subject(request, pk)
    form = AssignmentForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            assignments.manager_assign(user=subject, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã phân công tỉnh."))
            return _back(pk)
    return _detail(request, subject, assign_form=form, status=400)


@login_required
@require_POST
def assignment_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    hq_required(request.user)
    subject = _subject(request, pk)
    assignment = get_object_or_404(
        ManagerAssignment.objects.visible_to(request.user, "change"), pk=assignment_pk, user=subject
    )
    form = AssignmentEndForm(request.POST, prefix=f"end-{assignment.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy nhập ngày kết thúc hợp lệ."))
        assignments.manager_assignment_end(
            assignment=assignment, valid_to=form.cleaned_data["valid_to"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã kết thúc phân công."))
    return _back(pk)


@login_required
@require_POST
def password_link_send(request: HttpRequest, pk: int) -> HttpResponse:
    hq_required(request.user)
    subject = _subject(request, pk)
    try:
        services.password_set_link_send(user=subject, request=request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi đường dẫn đặt mật khẩu tới %(email)s.") % {"email": subject.email})
    return _back(pk)
