from allauth.account import views as account_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from governance import views as governance_views

urlpatterns = [
    path("", governance_views.home, name="home"),
    # Sign-in through django-allauth (local password, SSO per organisation, MFA); the Dutch
    # addresses are the ones the portal links to, allauth's own stay under account/.
    path("inloggen/", account_views.login, name="login"),
    path("uitloggen/", account_views.logout, name="logout"),
    path("account/", include("allauth.urls")),
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
    path("taal/", core_views.set_language, name="set_language"),
    path("", include("core.urls")),
    path("governance/", include("governance.urls")),
    path("rapportages/", include("reports.urls")),
    path("begroting/", include("budget.urls")),
    path("volwassenheid/", include("maturity.urls")),
    path("audit/", include("audit.urls")),
    path("zoeken/", include("search.urls")),
    path("meldingen/", include("notifications.urls")),
    path("beheer/", admin.site.urls),
    path("", include("api.urls")),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
