from django.urls import path

from putright.letters import views

app_name = "letters"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.message, name="message"),
    path("<int:pk>/html/", views.message_html, name="message-html"),
    path("<int:pk>/try-again/", views.try_again, name="try-again"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("letters/<int:pk>/html/", views.letter_html, name="letter-html"),
    path("letters/<int:pk>/", views.draft, name="draft"),
    path("to-send/", views.drafts, name="drafts"),
]
