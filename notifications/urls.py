from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mislukt/", views.failed_list, name="failed"),
    path("mislukt/<int:pk>/opnieuw/", views.failed_retry, name="retry"),
]
