from django.urls import path

from samen.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.link_list, name="links"),
    path("<int:pk>/", views.link_detail, name="link"),
]
