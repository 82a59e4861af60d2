from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views
from core.forms import LoginForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("", include("core.urls")),
    path("governance/", include("governance.urls")),
    path("rapportages/", include("reports.urls")),
    path("begroting/", include("budget.urls")),
    path("volwassenheid/", include("maturity.urls")),
    path("beheer/", admin.site.urls),
    path("", include("api.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
