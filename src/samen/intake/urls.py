from django.urls import path

from samen.intake import reported_views, views

app_name = "intake"
urlpatterns = [
    path("melden/", views.report, name="report"),
    path("melden/ontvangen/", views.receipt, name="receipt"),
    path("melden/professioneel/", views.report_professional, name="report_professional"),
    path("melden/gemeld/", reported_views.reported, name="reported"),
    path("status/", views.status, name="status"),
]
