from django.urls import path

from putright.common import views

app_name = "common"

urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("healthz", views.healthz, name="healthz"),
]
