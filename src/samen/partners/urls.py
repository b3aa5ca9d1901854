from django.urls import path

from samen.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.search, name="search"),
    path("dekking/", views.coverage, name="coverage"),
    path("regio/", views.region_list, name="regions"),
    path("regio/<str:code>/", views.region_detail, name="region"),
    path("organisatie/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisatie/<slug:slug>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisatie/<slug:slug>/contactpunt/nieuw/", views.contact_point_edit, name="contact_add"),
    path("organisatie/<slug:slug>/contactpunt/<int:pk>/", views.contact_point_edit, name="contact_edit"),
    path(
        "organisatie/<slug:slug>/contactpunt/<int:pk>/verwijderen/", views.contact_point_delete, name="contact_delete"
    ),
]
