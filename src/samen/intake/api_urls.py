from django.urls import path

from samen.intake import api

app_name = "intake_api"
urlpatterns = [
    path("signals/", api.signal_create, name="signal_create"),
    path("signals/<str:receipt>/", api.signal_status, name="signal_status"),
    path("openapi.json", api.openapi, name="openapi"),
    # Without the slash too: Django's redirect to it would turn a client's POST into a GET, or lose its body.
    path("signals", api.signal_create),
    path("signals/<str:receipt>", api.signal_status),
]
