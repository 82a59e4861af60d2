from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("wijzigingen/", views.events, name="events"),
    path("wijzigingen/export.csv", views.events_export, name="events_export"),
    path("toegang/", views.access_review, name="access_review"),
    path("toegang/export.csv", views.access_review_export, name="access_review_export"),
]
