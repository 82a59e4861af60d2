from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("systeemstatus/", views.system_status, name="system_status"),
    path("gezond/", views.health, name="health"),
    path("begrippen/", views.glossary, name="glossary"),
]
