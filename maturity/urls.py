from django.urls import path

from maturity import views

app_name = "maturity"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("metingen/nieuw/", views.round_create, name="round_create"),
    path("metingen/<int:year>/", views.round_detail, name="round_detail"),
    path("metingen/<int:year>/gegevens/", views.round_record, name="round_record"),
    path(
        "metingen/<int:year>/<str:transition>/status/",
        views.round_transition,
        name="round_transition",
    ),
    path("metingen/<int:year>/invullen/", views.assessment_edit, name="assessment_edit"),
    path("metingen/<int:year>/importeren/", views.import_data, name="import_data"),
    path("metingen/<int:year>/export.<str:fmt>", views.export_results, name="export_results"),
    path(
        "metingen/<int:year>/organisaties/<slug:slug>/",
        views.organisation_result,
        name="organisation_result",
    ),
    path(
        "metingen/<int:year>/organisaties/<slug:slug>/acties/",
        views.actions_create,
        name="actions_create",
    ),
    path("zelfscores/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("zelfscores/<int:pk>/heropenen/", views.assessment_reopen, name="assessment_reopen"),
]
