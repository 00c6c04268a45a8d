"""Staff users, their roles, grades and teams."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    REVIEWER = "reviewer", _("Reviewer or senior manager")
    BUSINESS_ASSURANCE = "business_assurance", _("Business assurance")
    COMPLAINTS_MANAGER = "complaints_manager", _("Complaints manager")
    AUDITOR = "auditor", _("Auditor (read only)")
    ADMIN = "admin", _("Administrator")


class Team(models.Model):
    """A team of staff. Cases belong to a team; the procedure may require a team for a stage."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffUser(AbstractUser):
    """A member of staff. Members of the public never sign in with an account."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CASEWORKER)
    grade = models.PositiveSmallIntegerField(
        default=1, help_text=_("Seniority: a higher number is more senior.")
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
