"""The admin's building blocks: scope every page through visible_to(user), and never answer 500 to a forged id.

Django's admin checks permissions per model; these classes add the per-object rule the pages follow
(a manager sees their own province) to lists, forms, autocomplete choices and django-simple-history's
history pages, which otherwise read the history table unscoped.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from core.ids import pk_or_none


class SafeModelChoiceField(forms.ModelChoiceField):
    """A foreign-key choice where a non-numeric or huge id is "not one of the choices", not a database error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and pk_or_none(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which looks up the submitted ids to label them: forged ids are dropped first."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if pk_or_none(v) is not None], attr)


class ScopedAdmin(admin.ModelAdmin):
    """Lists, forms and autocomplete choices limited to what visible_to(user) allows."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")))
        kwargs.setdefault("form_class", SafeModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def object_visible_or_404(self, request, object_id) -> None:
        """The object named in the URL, through get_queryset (visible_to): another province's is a 404."""
        pk = pk_or_none(unquote(object_id))
        if pk is None or not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self.object_visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """django-simple-history's change log and its detail page, only for objects the user may see.

    A deleted object has no visible row, so its history is a 404 too; figures and month statuses are
    never deleted (they are corrected), so nothing is lost.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.object_visible_or_404(request, object_id)
        if pk_or_none(version_id) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceCheckedForm(forms.ModelForm):
    """A model form whose clean() runs the service's check on the instance as it would be saved.

    The admin binds `user` and the check (get_form); the check raises ValidationError (shown on the
    form) or PermissionDenied (a 403, as on the pages).
    """

    user = None
    service_check = None
    service_keyword = ""

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.service_check is None:
            return cleaned
        candidate = copy.copy(self.instance)  # the instance itself is filled only after clean()
        model_fields = {f.name for f in candidate._meta.concrete_fields}
        for name, value in cleaned.items():
            if name in model_fields:
                setattr(candidate, name, value)
        try:
            self.service_check(user=self.user, **{self.service_keyword: candidate})
        except ValidationError as error:
            for field, errors in (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            ).items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class ServiceSavedAdmin(ScopedAdmin):
    """Validated and saved by the model's service, so the admin keeps the same rules as the pages.

    Subclasses name the service's check and save functions and their keyword for the instance.
    """

    form = ServiceCheckedForm
    service_check = service_save = None
    service_keyword = ""

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        check = staticmethod(type(self).service_check)
        attrs = {"user": request.user, "service_check": check, "service_keyword": self.service_keyword}
        return type(form_class.__name__, (form_class,), attrs)

    def save_model(self, request, obj, form, change):
        type(self).service_save(user=request.user, **{self.service_keyword: obj})


class ServiceErrorsAsMessages:
    """Admin mixin: a service refusing a save after the form was valid (a concurrent change, a month closed
    meanwhile, a racing insert) rolls back and shows the reason on the same page — never a 500."""

    #: what a service may raise after the form was valid; subclasses add their domain errors
    service_errors: tuple = (ValidationError,)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.service_errors as error:
            for message in self.service_error_messages(error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def service_error_messages(self, error) -> list[str]:
        return getattr(error, "messages", None) or [str(arg) for arg in error.args]
