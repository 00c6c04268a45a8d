"""The online complaint's pages, under the portal's namespace: ``portal:complain`` and so on."""

from django.urls import path

from putright.portal.complain import views

urlpatterns = [
    path("", views.start, name="complain"),
    path("start/", views.begin, name="complain-begin"),
    path("check-your-answers/", views.check, name="complain-check"),
    path("complaint-sent/", views.sent, name="complain-sent"),
    path("<slug:slug>/", views.step, name="complain-step"),
]
