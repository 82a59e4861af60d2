from django.urls import path

from governance import calendar_views, views

app_name = "governance"

urlpatterns = [
    path("werkstromen/", views.workstream_list, name="workstream_list"),
    path("werkstromen/<slug:slug>/", views.workstream_detail, name="workstream_detail"),
    path("werkstromen/<slug:slug>/rapportage/nieuw/", views.report_create, name="report_create"),
    path(
        "werkstromen/<slug:slug>/mijlpaal/nieuw/", views.milestone_create, name="milestone_create"
    ),
    path("rapportages/", views.report_list, name="report_list"),
    path("rapportages/snel/", views.report_quick, name="report_quick"),
    path("rapportages/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapportages/<int:pk>/bewerken/", views.report_edit, name="report_edit"),
    path("mijlpalen/", views.milestone_list, name="milestone_list"),
    path("mijlpalen/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("mijlpalen/<int:pk>/bewerken/", views.milestone_edit, name="milestone_edit"),
    path("vergaderingen/", views.meeting_list, name="meeting_list"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("vergaderingen/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("vergaderingen/<int:pk>/agendapunt/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path("vergaderingen/<int:pk>/vaststellen/", views.meeting_adopt, name="meeting_adopt"),
    path("vergaderingen/<int:pk>/aanbieden/", views.meeting_offer_minutes, name="meeting_offer"),
    path("vergaderingen/<int:pk>/agenda.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("agendafeed/", calendar_views.calendar_feed_settings, name="calendar_feed_settings"),
    path("agendafeed/<str:secret>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("vergaderingen/<int:pk>/agenda/", views.meeting_agenda_print, name="meeting_agenda"),
    path(
        "vergaderingen/<int:pk>/agenda/publiceren/",
        views.meeting_agenda_publish,
        name="meeting_agenda_publish",
    ),
    path(
        "vergaderingen/<int:pk>/voorstellen/",
        views.meeting_suggestion_add,
        name="meeting_suggestion_add",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/",
        views.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/verwijderen/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/omhoog/",
        views.agenda_item_move,
        {"direction": "omhoog"},
        name="agenda_item_up",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/omlaag/",
        views.agenda_item_move,
        {"direction": "omlaag"},
        name="agenda_item_down",
    ),
    path(
        "vergaderingen/<int:pk>/agendapunten/<int:item_pk>/verslag/",
        views.agenda_item_minutes,
        name="agenda_item_minutes",
    ),
    path(
        "vergaderingen/<int:pk>/stukken/nieuw/",
        views.meeting_document_create,
        name="meeting_document_create",
    ),
    path(
        "vergaderstukken/<int:pk>/", views.meeting_document_detail, name="meeting_document_detail"
    ),
    path(
        "vergaderstukken/<int:pk>/nieuwe-versie/",
        views.meeting_document_replace,
        name="meeting_document_replace",
    ),
    path(
        "vergaderstukken/<int:pk>/verwijderen/",
        views.meeting_document_delete,
        name="meeting_document_delete",
    ),
    path(
        "vergaderstukken/versies/<int:pk>/download/",
        views.meeting_document_download,
        name="meeting_document_download",
    ),
    path("besluiten/", views.decision_list, name="decision_list"),
    path("besluiten/nieuw/", views.decision_create, name="decision_create"),
    path("besluiten/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("besluiten/<int:pk>/bewerken/", views.decision_edit, name="decision_edit"),
    path("acties/", views.action_list, name="action_list"),
    path("<slug:name>/export.<str:fmt>", views.register_export, name="register_export"),
    path("acties/nieuw/", views.action_create, name="action_create"),
    path("acties/<int:pk>/", views.action_detail, name="action_detail"),
    path("acties/<int:pk>/bewerken/", views.action_edit, name="action_edit"),
    path("toezeggingen/", views.commitment_list, name="commitment_list"),
    path("toezeggingen/nieuw/", views.commitment_create, name="commitment_create"),
    path("toezeggingen/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("toezeggingen/<int:pk>/bewerken/", views.commitment_edit, name="commitment_edit"),
    path("risicos/", views.risk_list, name="risk_list"),
    path("risicos/nieuw/", views.risk_create, name="risk_create"),
    path("risicos/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("risicos/<int:pk>/bewerken/", views.risk_edit, name="risk_edit"),
    path("kennisgroep/", views.role_overview, name="roles"),
    path("kennisgroep/nieuw/", views.role_assignment_create, name="role_assignment_create"),
    path("kennisgroep/<int:pk>/", views.role_assignment_detail, name="role_assignment_detail"),
    path("kennisgroep/<int:pk>/bewerken/", views.role_assignment_edit, name="role_assignment_edit"),
    path("wijzigingen/", views.changes, name="changes"),
]
