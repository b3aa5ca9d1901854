from django.urls import path

from samen.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.table_list, name="tables"),
    path("<slug:table>/", views.table_detail, name="table"),
    path("<slug:table>/overleg/<int:meeting>/", views.meeting_detail, name="meeting"),
    path("<slug:table>/overleg/<int:meeting>/agenda/", views.agenda_rebuild, name="agenda_rebuild"),
    path("<slug:table>/overleg/<int:meeting>/gehouden/", views.meeting_held, name="held"),
    path("<slug:table>/overleg/<int:meeting>/vaststellen/", views.minutes_finalise, name="finalise"),
    path("<slug:table>/overleg/<int:meeting>/notulen/", views.minutes, name="minutes"),
    path("<slug:table>/overleg/<int:meeting>/punt/<int:item>/besluit/", views.decision_add, name="decision_add"),
    path("<slug:table>/overleg/<int:meeting>/punt/<int:item>/actie/", views.action_add, name="action_add"),
]
