from django.contrib.auth import views as auth_views
from django.urls import path

from samen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
]
