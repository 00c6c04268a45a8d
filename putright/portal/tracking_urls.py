"""The tracking pages' addresses, added to the portal's (namespace ``portal``).

``portal:track`` has two forms: with a token, the link from an email or letter; without, the
page itself once the link has been opened in this browser.
"""

from django.urls import path

from putright.portal import tracking_views as views

urlpatterns = [
    path("track/", views.track, name="track"),
    path("track/new-link/", views.new_link, name="track-new-link"),
    path("track/new-link/sent/", views.new_link_sent, name="track-new-link-sent"),
    path("track/add-information/", views.add_information, name="track-add-information"),
    path("track/contact/", views.contact, name="track-contact"),
    path("track/withdraw/", views.withdraw, name="track-withdraw"),
    path("track/withdraw/confirm/", views.withdraw_confirm, name="track-withdraw-confirm"),
    path("track/still-unhappy/", views.escalate, name="track-escalate"),
    path("track/feedback/", views.feedback, name="track-feedback"),
    path("track/letters/<int:pk>/", views.letter, name="track-letter"),
    path("track/documents/<int:pk>/", views.document, name="track-document"),
    path("track/leave/", views.leave, name="track-leave"),
    # Last, so the pages above are never read as a token.
    path("track/<str:token>/", views.track_link, name="track"),
]
