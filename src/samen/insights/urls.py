from django.urls import path

from samen.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tabel/", views.breakdown, name="breakdown"),
    path("kaart/", views.map_view, name="map"),
    path("vergelijken/", views.compare, name="compare"),
    path("waterbed/", views.waterbed, name="waterbed"),
    path("waterbed/interventie/", views.intervention_create, name="intervention_create"),
    path("kpi/", views.kpis, name="kpis"),
]
