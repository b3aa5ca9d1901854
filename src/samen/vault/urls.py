from django.urls import path

from samen.vault import views

app_name = "vault"
urlpatterns = [
    path("", views.subject_access, name="subject_access"),
    path("persoon/<int:person_id>/", views.subject_access_person, name="subject_access_person"),
    path("uitzonderingen/", views.exemption_list, name="exemptions"),
    path("uitzonderingen/<int:pk>/intrekken/", views.exemption_withdraw, name="exemption_withdraw"),
]
