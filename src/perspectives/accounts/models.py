"""Users who log in: foundation staff, coaches, employers, funders, participants."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    STAFF = "staff", _("Programme staff")
    COACH = "coach", _("Coach")
    EMPLOYER = "employer", _("Employer contact")
    FUNDER = "funder", _("Funder")
    PARTICIPANT = "participant", _("Participant")


class UserManager(DjangoUserManager):
    # Django's manager builds users from a username; ours log in by e-mail.
    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    # is_staff keeps its Django meaning: may use the Django admin (superusers only, by policy).
    is_staff = models.BooleanField(verbose_name=_("may use the admin"), default=False)
    is_active = models.BooleanField(verbose_name=_("active"), default=True)
    date_joined = models.DateTimeField(verbose_name=_("joined on"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_foundation_staff(self) -> bool:
        return self.is_active and self.role in {Role.ADMINISTRATOR, Role.STAFF}


from .memberships.models import Membership, MembershipKind  # noqa: E402,F401  (an accounts model)
