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
]
