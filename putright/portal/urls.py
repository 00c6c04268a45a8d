from django.urls import include, path

from putright.portal import views

app_name = "portal"

urlpatterns = [
    path("our-complaints-procedure/", views.procedures, name="procedures"),
    path("our-complaints-procedure/<slug:procedure_id>/", views.procedure, name="procedure"),
    path("complain/", include("putright.portal.complain.urls")),
]
