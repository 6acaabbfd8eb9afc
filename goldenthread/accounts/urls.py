from django.urls import path

from goldenthread.accounts import views

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/council/", views.council_sign_in, name="oidc_authentication_init"),
    path(
        "sign-in/council/callback/",
        views.council_sign_in_callback,
        name="oidc_authentication_callback",
    ),
    path("sign-out/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("account/two-step/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-step/turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
]
