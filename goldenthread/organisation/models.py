"""The council, its partners, its structure, its boards and the people in them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    PARTNER = "partner", "Partner organisation"
    REGULATOR = "regulator", "Regulator"


class Organisation(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    sector = models.CharField(max_length=100, blank=True, help_text="e.g. health, police")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="departments"
    )
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardKind(models.TextChoices):
    MANAGEMENT_TEAM = "management_team", "Management Team"
    EXECUTIVE_BOARD = "executive_board", "Executive Board"
    PPB = "ppb", "Policy and Performance Board"
    LSP = "lsp", "Local Strategic Partnership"
    SSP = "ssp", "Specialist Strategic Partnership"


class Board(models.Model):
    """A body that receives performance reports. Each PPB and SSP serves one priority,
    recorded on the priority (planning.Priority.ppb / .ssp)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Portfolio(models.Model):
    """An Executive Board member's area of responsibility."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    departments = models.ManyToManyField(Department, blank=True, related_name="portfolios")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: an officer, a councillor, a partner or a regulator."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """What a person does, which decides the home page they see and (later) what they may see.

    One role per audience in DESIGN.md, plus the officers who run the cycle and enter data."""

    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
    MANAGER = "manager", "Manager"
    OPERATIONAL_DIRECTOR = "operational_director", "Operational director"
    STRATEGIC_DIRECTOR = "strategic_director", "Strategic director"
    MANAGEMENT_TEAM = "management_team", "Management Team member"
    PORTFOLIO_HOLDER = "portfolio_holder", "Portfolio holder"
    EXECUTIVE_MEMBER = "executive_member", "Executive Board member"
    PPB_CHAIR = "ppb_chair", "PPB chair"
    PPB_MEMBER = "ppb_member", "PPB member"
    PARTNER_OFFICER = "partner_officer", "Partner officer"
    REGULATOR = "regulator", "Regulator"


# Which scope each role needs: the field on RoleAssignment that says what the role covers.
ROLE_SCOPE = {
    Role.PERFORMANCE_OFFICER: None,
    Role.MANAGER: "department",
    Role.OPERATIONAL_DIRECTOR: "department",
    Role.STRATEGIC_DIRECTOR: "directorate",
    Role.MANAGEMENT_TEAM: "board",
    Role.PORTFOLIO_HOLDER: "portfolio",
    Role.EXECUTIVE_MEMBER: "board",
    Role.PPB_CHAIR: "board",
    Role.PPB_MEMBER: "board",
    Role.PARTNER_OFFICER: "organisation",
    Role.REGULATOR: "organisation",
}
SCOPE_FIELDS = ("department", "directorate", "board", "portfolio", "organisation")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def of(self, user: User) -> RoleAssignmentQuerySet:
        return self.filter(user=user)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE)
    directorate = models.ForeignKey(Directorate, null=True, blank=True, on_delete=models.CASCADE)
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.CASCADE)
    portfolio = models.ForeignKey(Portfolio, null=True, blank=True, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_has_at_most_one_scope",
                condition=(
                    Q(
                        department__isnull=True,
                        directorate__isnull=True,
                        board__isnull=True,
                        portfolio__isnull=True,
                    )
                    | Q(
                        directorate__isnull=True,
                        board__isnull=True,
                        portfolio__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        department__isnull=True,
                        board__isnull=True,
                        portfolio__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        department__isnull=True,
                        directorate__isnull=True,
                        portfolio__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        department__isnull=True,
                        directorate__isnull=True,
                        board__isnull=True,
                        organisation__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.scope or 'council-wide'})"

    @property
    def scope(self) -> models.Model | None:
        field = ROLE_SCOPE[Role(self.role)]
        return getattr(self, field) if field else None
