from django.urls import path

from putright.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.record_complaint, name="record"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/<slug:key>/", views.act, name="act"),
    path("<int:pk>/documents/<int:attachment_pk>/", views.download, name="download"),
]
