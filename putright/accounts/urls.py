from django.urls import path

from putright.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
