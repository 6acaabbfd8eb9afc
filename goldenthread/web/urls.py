from django.contrib.auth import views as auth_views
from django.urls import path

from goldenthread.web import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="web/sign_in.html"),
         name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", views.home, name="home"),
]
