from django.urls import include, path

from putright.portal import consent_views, tracking_urls, views

app_name = "portal"

urlpatterns = [
    path("our-complaints-procedure/", views.procedures, name="procedures"),
    path("our-complaints-procedure/<slug:procedure_id>/", views.procedure, name="procedure"),
    path("complain/", include("putright.portal.complain.urls")),
    # Consent by link: the pages first, so they are never read as a token.
    path("consent/", consent_views.declaration, name="consent-declaration"),
    path("consent/decline/", consent_views.decline, name="consent-decline"),
    path("consent/answered/", consent_views.done, name="consent-done"),
    path("consent/<str:token>/", consent_views.consent_link, name="consent"),
]

urlpatterns += tracking_urls.urlpatterns
