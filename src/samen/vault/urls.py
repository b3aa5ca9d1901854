app_name = "vault"
urlpatterns: list = []
