from django.urls import path

from samen.intake import api_token_views, receipt_views, reported_views, status_views, views

app_name = "intake"
urlpatterns = [
    path("melden/", views.report, name="report"),
    path("melden/ontvangen/", receipt_views.receipt, name="receipt"),
    path("melden/professioneel/", views.report_professional, name="report_professional"),
    path("melden/gemeld/", reported_views.reported, name="reported"),
    path("status/", status_views.status, name="status"),
    path("api-koppelingen/<slug:slug>/", api_token_views.api_tokens, name="api_tokens"),
    path(
        "api-koppelingen/<slug:slug>/<int:pk>/intrekken/",
        api_token_views.api_token_revoke_confirm,
        name="api_token_revoke",
    ),
]
