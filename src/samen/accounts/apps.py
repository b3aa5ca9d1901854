from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samen.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # The admin's own login form would skip the throttle and the TOTP step: send it to ours.
        from django.contrib import admin
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        def admin_login(request, extra_context=None):
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")

        admin.site.login = admin_login
