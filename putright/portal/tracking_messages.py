"""Every message the tracking pages show, in one place, marked for translation.

Refusals from the actions (``putright.cases.messages``) and findings from the policy engine keep
their own words; these are the portal's.
"""

from django.utils.translation import gettext_lazy as _

# "Send me a new link".
ENTER_EMAIL = _("Enter your email address")
ENTER_EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
ENTER_REFERENCE = _("Enter your complaint reference")
REFERENCE_FORMAT = _("Enter your complaint reference in the correct format, like PR-2026-000123")

# Adding information.
TOO_MANY_FILES = _("Select up to %(max)s files")

# Withdrawing.
WITHDRAW_REASON_TOO_LONG = _("Why you are withdrawing must be %(max)s characters or fewer")

# Asking for the next stage.
ENTER_LATE_REASON = _("Enter why you are asking after the last day (%(date)s)")

# Feedback.
SELECT_SATISFACTION = _("Select how you feel about the service you received")
COMMENT_TOO_LONG = _("Your comments must be %(max)s characters or fewer")

# Done: the banner on the tracking page afterwards.
INFORMATION_ADDED = _("We have added this to your complaint")
INFORMATION_ADDED_BODY = _("We have told the person looking into your complaint.")
CONTACT_CHANGED = _("We have changed how we contact you")
WITHDRAWN = _("You have withdrawn your complaint")
WITHDRAWN_BODY = _("We will send you a letter to confirm this.")
ESCALATED = _("You have asked for the next stage: %(stage)s")
ESCALATED_BODY = _("We will write to you to tell you when to expect our response.")
FEEDBACK_THANKS = _("Thank you for your feedback")
NOTHING_CHANGED = _("You did not change anything")
