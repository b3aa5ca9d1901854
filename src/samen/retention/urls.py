from django.urls import path

from samen.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.hold_list, name="holds"),
    path("<int:pk>/opheffen/", views.hold_lift, name="hold_lift"),
]
