"""Every message the case lifecycle shows a person, in one place, marked for translation."""

from django.utils.translation import gettext_lazy as _

# Refusals: why an action cannot be taken.
NOT_ALLOWED_ROLE = _("Your role cannot do this. Ask a complaints manager.")
READ_ONLY = _("You have read-only access to cases.")
CASE_CHANGED = _(
    "This case changed since you opened it. Your answers are kept below: check the case "
    "and submit again."
)
CASE_CLOSED = _("This case is closed.")
NOT_IN_TRIAGE = _("This case has already been triaged.")
OUT_OF_TIME_USE_LATE = _(
    "This complaint is out of time. Use “Accept a late complaint” and record why."
)
IN_TIME_NO_LATE = _("This complaint is in time: accept it normally.")
CONSENT_NEEDED = _(
    "This complaint was made by a representative and we do not hold the person’s written "
    "consent. Hold it awaiting consent."
)
NO_REPRESENTATIVE = _("This complaint was not made by a representative.")
CONSENT_ALREADY_HELD = _("Consent is already recorded for this complaint.")
NOT_AWAITING_CONSENT = _("This case is not waiting for consent.")
NO_OPEN_STAGE = _("No stage is open on this case.")
NOT_FRONTLINE = _("Only a frontline stage can be resolved at frontline.")
NOT_REVIEW_STAGE = _("This stage is not a review stage.")
NO_REVIEWER = _("Assign a reviewer before responding.")
NOT_THE_REVIEWER = _("Only the reviewer assigned to this stage can respond.")
RESPONSE_NEEDS_OUTCOME = _("Select the outcome")
NOT_RESPONDED = _("This stage has not been responded to yet.")
NO_FURTHER_STAGE = _(
    "The response on this case is final. There is no further stage under this procedure."
)
ESCALATION_LATE_NEEDS_REASON = _(
    "The request is after the last day to ask (%(date)s). Enter why it should be accepted."
)
ESCALATION_IN_FUTURE = _("The date of the request must be today or in the past")
NOT_YET_CLOSABLE = _(
    "The complainant can still ask for the next stage until %(date)s. Close it after that."
)
EXTENSION_NOT_ALLOWED = _("This procedure does not allow this stage to be extended.")
EXTENSION_DATE_NEEDED = _("Enter the new due date")
LATE_NEEDS_REASON = _("Enter why the late complaint is being accepted")
SCOPE_NEEDS_CODE = _("Select why the complaint is not covered")
SCOPE_UNKNOWN_CODE = _("Select a reason from the list")
SCOPE_NEEDS_REASON = _("Enter the reason for closing the complaint")
REMEDY_UNKNOWN = _("Select a remedy from the list")
REMEDY_NOT_PROPOSED = _("This remedy has already been decided.")
CONSENT_NEEDS_SCOPE = _("Enter what the person has agreed the representative can do")
CONSENT_NEEDS_EVIDENCE = _("Upload the signed consent, or enter the signed declaration")
NO_ACTIVE_CONSENT = _("There is no consent in force on this case to withdraw.")
CONSENT_REVOKE_NEEDS_REASON = _("Enter how the person withdrew their consent")
CONSENT_EXPIRED = _("The consent has already expired")
CONSENT_DATE_FUTURE = _("The date consent was given must be today or in the past")
CONSENT_ONLY_THE_PERSON = _(
    "Only the person the complaint is about can give or refuse their consent."
)
CONSENT_LINK_NO_EMAIL = _(
    "We have no email address for the person. Ask for their consent by post or phone."
)
NO_LIVE_TRACKING_LINKS = _("No tracking link to this case is working.")

# Recording a complaint.
UNKNOWN_CATEGORY = _("Select categories from the list")
UNKNOWN_PROCEDURE = _("Select a procedure this organisation offers")
UNKNOWN_CHANNEL = _("Select how the complaint arrived")
FULL_NAME_MISSING = _("Enter the complainant’s full name")
FILE_TOO_BIG = _("The selected file must be smaller than %(size)s")
FILE_TYPE = _("The selected file must be a PDF, JPG, PNG, Word document or plain text file")
FILE_EMPTY = _("The selected file is empty")
FILE_DAMAGED = _("The selected file is damaged or could not be read: save it again and upload it")
FILE_PROTECTED = _(
    "The selected file is password protected: save a copy without a password and upload it"
)
FILE_ACTIVE_CONTENT = _(
    "The selected file contains scripts, macros or attached files: save a copy without them, "
    "for example by printing it to PDF, and upload it"
)
FILE_WEB_CODE = _(
    "The selected file contains web page code or a script: save it as a PDF or as plain text "
    "without the code and upload it"
)
FILE_TOO_BIG_UNPACKED = _(
    "The selected file is too big when unpacked: save it as a smaller document or as a PDF and "
    "upload it"
)
FILE_TOO_MANY_PARTS = _(
    "The selected file has too many pages or parts: split it into smaller files and upload each one"
)
FILE_TEXT_ENCODING = _(
    "The selected text file must be saved as UTF-8: save it again choosing UTF-8 and upload it"
)
FILE_IMAGE_TOO_BIG = _(
    "The selected image must be smaller than %(megapixels)s megapixels: make it smaller and "
    "upload it"
)
NOTE_EMPTY = _("Enter the note")

# Staff pages: recording a complaint.
SELECT_PROCEDURE = _("Select the procedure")
SELECT_CHANNEL = _("Select how the complaint arrived")
SELECT_CONTACT = _("Select how they prefer to be contacted")
SELECT_LANGUAGE = _("Select the language they want us to use")
ENTER_WHAT_WENT_WRONG = _("Enter what went wrong")
ENTER_FULL_NAME = _("Enter the complainant’s full name")
ENTER_EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
CATEGORY_OTHER_PROCEDURE = _("Select only categories of the procedure chosen above")
REPRESENTATIVE_NEEDS_NAME = _("Enter the representative’s full name")
COMPLAINT_RECORDED = _("Complaint %(reference)s recorded")

# Staff pages: action forms and results.
ACTION_DONE = _("%(action)s: done")
ACTION_NOT_AVAILABLE = _("You cannot do this now")
SELECT_FROM_LIST = _("Select an option from the list")
ENTER_AMOUNT_FORMAT = _("Enter the amount in pounds and pence, like 150 or 150.50")
SELECT_DECISION = _("Select approve or reject")
NOT_VISIBLE_DOCUMENT = _("Document not found")

# How a reviewer's answer to a finding question reads.
FINDING_LABELS = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}

# Typed inputs: what any caller (a form, the API, a task) is told about a value of the wrong kind.
INPUT_NOT_AN_OBJECT = _("Send the answers as named fields")
INPUT_UNKNOWN_FIELD = _("“%(name)s” is not something this action takes")
INPUT_MISSING = _("Enter a value")
INPUT_TEXT = _("Enter text")
INPUT_TEXT_NUL = _("Remove the control characters from the text")
INPUT_TEXT_TOO_LONG = _("Enter %(max)s characters or fewer")
INPUT_CHOICE = _("Select an option from the list")
INPUT_WHOLE_NUMBER = _("Enter a whole number using the digits 0 to 9")
INPUT_AMOUNT = _("Enter the amount in pounds and pence, like 150 or 150.50")
INPUT_DATE = _("Enter a real date, like 2027-03-27")
INPUT_DATE_RANGE = _("Enter a date between %(earliest)s and %(latest)s")

# Triage: what stops a complaint being accepted, and what clears it.
FINDING_AND_REMEDY = _("%(finding)s %(clear)s")
BLOCKED_BY_EXCLUSION = _(
    "If that is wrong, correct the scope answer with “Amend the complaint details”; if it is "
    "right, close the complaint as not covered."
)
BLOCKED_BY_DETAILS = _("Correct it with “Amend the complaint details”, then accept it.")
ALREADY_ACKNOWLEDGED = _("The acknowledgement has already been recorded.")
ACKNOWLEDGED_OUT_OF_RANGE = _(
    "The date the acknowledgement was sent must be between the date we received the complaint "
    "and today"
)
CLOSE_NEEDS_ACKNOWLEDGEMENT = _(
    "Record the acknowledgement first: a complaint is acknowledged before it is answered."
)
CLOSE_WITH_PROPOSED_REMEDY = _(
    "A proposed remedy has not been decided. Approve or reject it first."
)
EXTENSION_NOT_WORKING_DAY = _("The new due date must be a working day: %(date)s is not")
ASSIGNEE_NEEDED = _("Select who will work on the case")
ASSIGNEE_NOT_CASE_STAFF = _("Select a member of staff who works on cases and whose account is on")
REVIEWER_NEEDED = _("Select a reviewer")
CONSENT_RECEIVED_RANGE = _(
    "The date we received the consent must be between the date we received the complaint and today"
)
CONSENT_GIVEN_AFTER_RECEIVED = _(
    "The date consent was given must be on or before the date we received it"
)
LESSON_NEEDS_SUMMARY = _("Enter what was learnt")
LESSON_NEEDS_ACTION = _("Enter the action that will be taken")
LESSON_NEEDS_OWNER = _("Select who owns the action")
LESSON_NEEDS_DUE = _("Enter the date the action is due")
LESSON_DUE_PAST = _("The date the action is due must be today or in the future")
LESSON_SELECT_OPEN = _("Select an open action")
SELECT_FILE = _("Select a file")
WITHDRAW_NEEDS_CONFIRM = _("Confirm that the complaint is to be withdrawn")
INFORMATION_EMPTY = _("Enter the information, or select a file")
DESCRIPTION_TOO_LONG = _("The description must be 200 characters or fewer")
SCOPE_QUESTION = _("Does this apply: %(exclusion)s?")
STAGE_UNKNOWN = _(
    "This case’s stage is not in its procedure as installed. Ask an administrator to install "
    "the procedure version the case was handled under."
)

# Changing how we contact the complainant (they change it themselves, through their tracking link).
CONTACT_SELECT_METHOD = _("Select how you would like us to contact you")
CONTACT_SELECT_LANGUAGE = _("Select the language you want us to use")
CONTACT_EMAIL_NEEDED = _("Enter your email address, or choose another way for us to contact you")
CONTACT_PHONE_NEEDED = _("Enter your phone number, or choose another way for us to contact you")
CONTACT_PHONE_FORMAT = _(
    "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
)
CONTACT_NO_ADDRESS = _(
    "We do not have your postal address. Choose email or phone, or contact us to give us "
    "your address"
)
