from django.urls import path

from samen.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("signaal/<int:pk>/", views.signal_detail, name="signal"),
    path("signaal/<int:pk>/spoor/<int:track_pk>/overgang/", views.track_transition, name="transition"),
    path("signaal/<int:pk>/spoor/<int:track_pk>/actie/", views.action_add, name="action_add"),
    path("signaal/<int:pk>/spoor/<int:track_pk>/notitie/", views.note_add, name="note_add"),
    path("signaal/<int:pk>/spoor/<int:track_pk>/tafel/", views.track_flag, name="flag"),
    path("signaal/<int:pk>/melder/", views.reporter_message, name="reporter_message"),
    path("signaal/<int:pk>/casus/", views.case_membership, name="case_membership"),
    path("signaal/<int:pk>/opnieuw-routeren/", views.reroute, name="reroute"),
    path("signaal/<int:pk>/wijzigen/", views.signal_change, name="signal_change"),
    path("signaal/<int:pk>/persoon/nieuw/", views.person_add, name="person_add"),
    path("signaal/<int:pk>/persoon/<int:person_pk>/wijzigen/", views.person_change, name="person_change"),
    path("actie/<int:pk>/klaar/", views.action_done, name="action_done"),
    path("acties/", views.my_actions, name="actions"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications_read"),
    path("casussen/", views.cases, name="cases"),
    path("casussen/<int:pk>/", views.case_detail, name="case"),
    path("casussen/<int:pk>/signaal/<int:signal_pk>/verwijderen/", views.case_remove_signal, name="case_remove"),
    path("doorbraak/", views.break_glass, name="break_glass"),
    path("routering/", views.routing_rules, name="routing"),
    path("routering/nieuw/", views.routing_rule_edit, name="routing_add"),
    path("routering/<int:pk>/", views.routing_rule_edit, name="routing_edit"),
]
