"""Top-level URL map: each app owns its own URLs under one prefix."""

from django.contrib import admin
from django.urls import include, path

from samen.accounts import views as accounts_views

urlpatterns = [
    # First: URLs are tried in order, and the partner API is the busiest address (issue 3); no
    # other prefix can match /api/, so its place changes nothing else.
    path("api/v1/", include("samen.intake.api_urls")),
    # Django's language switch, wrapped so that a logged-in professional's choice is kept.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("account/", include("samen.accounts.urls")),
    path("partners/", include("samen.partners.urls")),
    path("inzicht/", include("samen.insights.urls")),
    path("werk/", include("samen.casework.urls")),
    path("tafel/", include("samen.meetings.urls")),
    path("koppelingen/", include("samen.linkage.urls")),
    path("privacy/bewaarplicht/", include("samen.retention.urls")),
    path("privacy/", include("samen.privacy.urls")),
    path("audit/", include("samen.audit.urls")),
    path("inzage/", include("samen.vault.urls")),
    path("", include("samen.intake.urls")),
    path("", include("samen.web.urls")),
]

handler400 = "samen.web.views.bad_request"
handler403 = "samen.web.views.permission_denied"
handler404 = "samen.web.views.page_not_found"
handler500 = "samen.web.views.server_error"
