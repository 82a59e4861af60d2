from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<slug:name>.<str:fmt>", views.export, name="export_all"),
    path("<int:year>/export/<slug:name>.<str:fmt>", views.export, name="export"),
    path("<int:year>/", views.year_overview, name="year"),
    path("<int:year>/verdeling/herberekenen/", views.shares_recalculate, name="recalculate"),
    path("<int:year>/deelnemers/", views.participants, name="participants"),
    path("<int:year>/verloop/", views.burn_down, name="burn_down"),
    path("<int:year>/boekingen/", views.entry_list, name="entries"),
    path("<int:year>/boekingen/nieuw/", views.entry_create, name="entry_create"),
    path("<int:year>/boekingen/importeren/", views.entry_import, name="entry_import"),
    path("post/<int:pk>/", views.line_detail, name="line"),
    path("boeking/<int:pk>/", views.entry_detail, name="entry"),
    path("boeking/<int:pk>/bewerken/", views.entry_edit, name="entry_edit"),
    path("<int:year>/wijzigingen/", views.change_list, name="changes"),
    path("<int:year>/wijzigingen/nieuw/", views.change_create, name="change_create"),
    path("wijziging/<int:pk>/", views.change_detail, name="change"),
]
