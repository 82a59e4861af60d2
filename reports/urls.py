from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("aanvragen/", views.report_request, name="request"),
    path("aanvragen/<int:pk>/zip/", views.request_download_zip, name="request_zip"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("<int:pk>/opnieuw/", views.report_retry, name="retry"),
    path(
        "vergaderstukken/vergadering/<int:meeting_pk>/",
        views.meeting_pack_panel,
        name="meeting_pack_panel",
    ),
    path(
        "vergaderstukken/vergadering/<int:meeting_pk>/samenstellen/",
        views.meeting_pack_request,
        name="meeting_pack_request",
    ),
    path(
        "vergaderstukken/<int:pk>/download/",
        views.meeting_pack_download,
        name="meeting_pack_download",
    ),
    path("vergaderstukken/<int:pk>/opnieuw/", views.meeting_pack_retry, name="meeting_pack_retry"),
]
