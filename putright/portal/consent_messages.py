"""Every message the consent pages show, in one place, marked for translation."""

from django.utils.translation import gettext_lazy as _

ENTER_FULL_NAME = _("Enter your full name")
TICK_TO_AGREE = _("Select the box to say you agree, or tell us you do not agree")
AGREE_TO_NAMED = _("I agree to %(name)s acting for me on this complaint, as set out above")
