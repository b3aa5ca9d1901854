from django.contrib.auth import views as auth_views
from django.urls import path

from samen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.otp_step, name="otp"),
    path("inloggen/app-koppelen/", views.enrol, name="enrol"),
    path("bevestigen/", views.reauth, name="reauth"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("actief/", views.keep_alive, name="keep_alive"),
    path("", views.profile, name="profile"),
]
