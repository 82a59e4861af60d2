"""The API under /api/v1 (no trailing slashes, kebab-case) and the token page of the profile."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from api import pages, views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("status-reports", views.StatusReportViewSet, basename="status-report")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("actions", views.ActionViewSet, basename="action")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("budget-years", views.BudgetYearViewSet, basename="budget-year")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("budget-shares", views.ShareViewSet, basename="budget-share")
router.register("maturity-rounds", views.MaturityRoundViewSet, basename="maturity-round")
router.register("council-reports", views.CouncilReportViewSet, basename="council-report")


# API views authenticate by token, not through the portal's login page.
for pattern in router.urls:
    pattern.callback = login_not_required(pattern.callback)

api_v1 = [
    path("api/v1", login_not_required(views.IndexView.as_view()), name="index"),
    # The document's landing path "/" on the server URL /api/v1 (the one slash the ADR allows).
    path("api/v1/", login_not_required(views.IndexView.as_view()), name="index-root"),
    path("api/v1/openapi.json", login_not_required(pages.OpenApiView.as_view()), name="openapi"),
    path("api/v1/docs", login_not_required(pages.documentation), name="docs"),
    path("api/v1/", include(router.urls)),
    re_path(r"^api/", login_not_required(views.NotFoundView.as_view()), name="not-found"),
]

urlpatterns = [
    path("profiel/api-tokens/", pages.token_list, name="tokens"),
    path("profiel/api-tokens/<int:pk>/intrekken/", pages.token_revoke, name="token_revoke"),
    *api_v1,
]
