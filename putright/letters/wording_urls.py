from django.urls import path

from putright.letters import wording_views as views

app_name = "letters-wording"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.edit, name="edit"),
    path("<slug:kind>/history/", views.history, name="history"),
    path("<slug:kind>/history/<int:pk>/use-again/", views.restore, name="restore"),
]
