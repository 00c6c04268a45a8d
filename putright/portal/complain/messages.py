"""Every error message the online complaint shows, in one place, in GOV.UK's words.

The upload and date messages come from the core (``cases.messages``, ``common.dates``); these are
the journey's own.
"""

from django.utils.translation import gettext_lazy as _

SELECT_PROCEDURE = _("Select which best describes your complaint")
SELECT_WHO = _("Select whether you are complaining for yourself or for someone else")
ENTER_YOUR_NAME = _("Enter your full name")
ENTER_THEIR_NAME = _("Enter the full name of the person you are complaining for")
ENTER_RELATIONSHIP = _("Enter your relationship to the person, or the organisation you work for")
ENTER_EMAIL_OR_ADDRESS = _("Enter an email address or a postal address, so we can reply to you")
SELECT_CONSENT = _("Select how you will give us the person’s written consent")
SELECT_CONSENT_FILE = _("Select the file with the person’s signed consent")
SELECT_SCOPE = _("Select yes, no or I’m not sure")
ENTER_LATE_REASON = _("Enter why you did not complain sooner")
ENTER_WHAT_WENT_WRONG = _("Enter what went wrong")
ENTER_PUT_RIGHT = _("Enter what you think we should do to put it right")
SELECT_CATEGORY = _("Select what your complaint is about from the list")
SELECT_CONTACT = _("Select how you would like us to contact you")
ENTER_EMAIL = _("Enter an email address")
ENTER_THEIR_EMAIL_FOR_CONSENT = _(
    "Enter their email address, so we can send them the link to give their consent"
)
ENTER_EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
CONFIRM_EMAIL = _("Enter the email address again to confirm it")
EMAILS_DIFFER = _("The email addresses do not match: enter the same email address twice")
ENTER_PHONE = _("Enter a phone number")
ENTER_PHONE_FORMAT = _("Enter a phone number, like 01632 960 001 or 07700 900 982")
ENTER_ADDRESS = _("Enter a postal address")
SELECT_ADJUSTMENT = _("Select the changes you need from the list")
ENTER_ADJUSTMENT_DETAIL = _("Tell us what you need: which language, format or way of contacting")
SELECT_LANGUAGE = _("Select the language you want us to write to you in")
ENTER_REFERENCE_FORMAT = _("Reference number must only include letters, numbers, spaces and - /")
TOO_LONG = _("%(name)s must be %(max)s characters or fewer")
NO_CONTROL_CHARACTERS = _("%(name)s must not include control characters: remove them")
TOO_MANY_FILES = _("You can upload up to %(max)s documents: remove one to add another")
FILE_PROBLEM = _("%(name)s: %(problem)s")
FILE_GONE = _("%(name)s could not be found: upload it again")
