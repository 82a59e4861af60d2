import functools

from django.contrib.admin import AdminSite
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from core.rules import is_beheerder


class BeheerAdminSite(AdminSite):
    site_header = _("WBW Regieportaal — beheer")
    site_title = _("WBW Regieportaal beheer")
    index_title = _("Beheer")

    def has_permission(self, request):
        return request.user.is_active and is_beheerder(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def refuse_signed_in_non_beheerders(request, *args, **kwargs):
            # A signed-in user without the role gets "Geen toegang", not a second login form.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return refuse_signed_in_non_beheerders

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every VersionedModel's admin checks versions and respects frozen records
        (core.admin_versioning)."""
        from django.contrib.admin import ModelAdmin
        from django.db.models.base import ModelBase

        from core.admin_versioning import VersionCheckedAdmin
        from core.models import VersionedModel

        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            cls = admin_class or ModelAdmin
            if issubclass(model, VersionedModel) and not issubclass(cls, VersionCheckedAdmin):
                cls = type(cls.__name__, (VersionCheckedAdmin, cls), {"__module__": cls.__module__})
            super().register(model, cls, **options)

    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        # One login page for the whole portal (the admin's own asks for is_staff): anonymous
        # visitors of /beheer/ pass through here on their way to it.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.path)
