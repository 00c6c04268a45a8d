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
REVIEWER_HANDLED_ORIGINAL = _(
    "%(name)s handled the original matter, so cannot review this complaint."
)
REVIEWER_HANDLED_EARLIER_STAGE = _(
    "%(name)s handled an earlier stage of this complaint, so cannot review this stage."
)
REVIEWER_NOT_IN_TEAM = _("The reviewer for this stage must be a member of the %(team)s.")
REVIEWER_WRONG_ROLE = _("%(name)s is not a senior manager, who must respond at this stage.")
REVIEWER_NOT_SENIOR = _(
    "%(name)s is not more senior than the original caseworker. Record why no more senior "
    "reviewer can take it."
)
REVIEWER_INACTIVE = _("%(name)s’s account is switched off.")
RESPONSE_NEEDS_CONCLUSIONS = _("Enter the conclusions of the review")
RESPONSE_NEEDS_REASONS = _("Enter the reasons for the outcome")
RESPONSE_NEEDS_OUTCOME = _("Select the outcome")
RESPONSE_NEEDS_FINDING = _("Answer: %(question)s")
FRONTLINE_NEEDS_ACTION = _("Enter what was done to resolve the complaint")
NOT_RESPONDED = _("This stage has not been responded to yet.")
NO_FURTHER_STAGE = _(
    "The response on this case is final. There is no further stage under this procedure."
)
ESCALATION_LATE_NEEDS_REASON = _(
    "The request is after the last day to ask (%(date)s). Enter why it should be accepted."
)
ESCALATION_IN_FUTURE = _("The date of the request must be today or in the past")
ESCALATION_BEFORE_RESPONSE = _("The date of the request must be on or after the response date")
NOT_YET_CLOSABLE = _(
    "The complainant can still ask for the next stage until %(date)s. Close it after that."
)
EXTENSION_NOT_ALLOWED = _("This procedure does not allow this stage to be extended.")
EXTENSION_NEEDS_APPROVAL = _(
    "This stage has been extended already. Only a complaints manager can extend it again."
)
EXTENSION_DATE_NOT_LATER = _("The new date must be after the current due date, %(date)s")
EXTENSION_DATE_NEEDED = _("Enter the new due date")
EXTENSION_NEEDS_REASON = _("Enter why the extension makes resolution more likely")
LATE_NEEDS_REASON = _("Enter why the late complaint is being accepted")
SCOPE_NEEDS_CODE = _("Select why the complaint is not covered")
SCOPE_UNKNOWN_CODE = _("Select a reason from the list")
SCOPE_NEEDS_REASON = _("Enter the reason for closing the complaint")
REMEDY_UNKNOWN = _("Select a remedy from the list")
REMEDY_NEEDS_REASON = _("Enter the reason for this remedy")
REMEDY_NEEDS_AMOUNT = _("Enter the amount of the payment in pounds, more than £0")
REMEDY_NEEDS_JUSTIFICATION = _("Enter the hardship or injustice that justifies the payment")
REMEDY_NOT_PROPOSED = _("This remedy has already been decided.")
REMEDY_OWN_PROPOSAL = _("You proposed this remedy, so someone else must approve it.")
REMEDY_APPROVER_ROLE = _("Only a complaints manager or a senior manager can approve a payment.")
CONSENT_NEEDS_SCOPE = _("Enter what the person has agreed the representative can do")
CONSENT_NEEDS_EVIDENCE = _("Upload the signed consent, or enter the signed declaration")
NO_ACTIVE_CONSENT = _("There is no consent in force on this case to withdraw.")
CONSENT_REVOKE_NEEDS_REASON = _("Enter how the person withdrew their consent")
CONSENT_EXPIRED = _("The consent has already expired")
CONSENT_DATE_FUTURE = _("The date consent was given must be today or in the past")

# Recording a complaint.
DATE_IN_FUTURE = _("%(field)s must be today or in the past")
EVENT_AFTER_RECEIPT = _("The date it happened must be on or before the date we received it")
FOUND_OUT_AFTER_RECEIPT = _("The date they found out must be on or before the date we received it")
FOUND_OUT_BEFORE_EVENT = _("The date they found out must be on or after the date it happened")
UNKNOWN_CATEGORY = _("Select categories from the list")
UNKNOWN_PROCEDURE = _("Select a procedure this organisation offers")
UNKNOWN_CHANNEL = _("Select how the complaint arrived")
WHAT_WENT_WRONG_MISSING = _("Enter what went wrong")
FULL_NAME_MISSING = _("Enter the complainant’s full name")
RECEIVED_LABEL = _("The date we received it")
EVENT_LABEL = _("The date it happened")
FOUND_OUT_LABEL = _("The date they found out")
FILE_TOO_BIG = _("The selected file must be smaller than %(size)s")
FILE_TYPE = _("The selected file must be a PDF, JPG, PNG, Word document or plain text file")
FILE_EMPTY = _("The selected file is empty")
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
