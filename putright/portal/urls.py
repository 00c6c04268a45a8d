from django.urls import include, path

from putright.portal import tracking_urls, views

app_name = "portal"

urlpatterns = [
    path("our-complaints-procedure/", views.procedures, name="procedures"),
    path("our-complaints-procedure/<slug:procedure_id>/", views.procedure, name="procedure"),
    path("complain/", include("putright.portal.complain.urls")),
]

urlpatterns += tracking_urls.urlpatterns
