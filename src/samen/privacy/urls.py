from django.urls import path

from samen.privacy import views

app_name = "privacy"
urlpatterns = [
    path("convenanten/", views.agreement_list, name="agreements"),
    path("convenanten/nieuw/", views.agreement_edit, name="agreement_add"),
    path("convenanten/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path("convenanten/<int:pk>/intrekken/", views.agreement_revoke, name="agreement_revoke"),
    path("doorbraak/", views.break_glass_list, name="break_glass_list"),
    path("doorbraak/<int:pk>/beoordelen/", views.break_glass_review, name="break_glass_review"),
]
