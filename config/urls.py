"""Putright URL configuration."""

from django.urls import include, path

urlpatterns = [
    path("", include("putright.common.urls")),
    path("", include("putright.portal.urls")),
    path("staff/cases/", include("putright.staff.urls")),
    path("staff/mail/", include("putright.letters.urls")),
    path("staff/letters/wording/", include("putright.letters.wording_urls")),
    path("staff/", include("putright.accounts.urls")),
]

handler400 = "putright.common.views.bad_request"
handler403 = "putright.common.views.permission_denied"
handler404 = "putright.common.views.page_not_found"
handler500 = "putright.common.views.server_error"
