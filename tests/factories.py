"""factory_boy factories for the engagement core; feature apps add theirs in tests/<app>/."""

import factory
from allauth.account.models import EmailAddress

from engagement.models import Area, Partner, PartnerType, Programme, Role, RoleAssignment, User

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    status = Programme.Status.ACTIVE


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    postcode_prefixes = "PE25"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    type = PartnerType.COUNCIL


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR
    programme = factory.SubFactory(ProgrammeFactory)
    area = None
    partner = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.PARTNER),
        factory.SubFactory(PartnerFactory),
        None,
    )


def user_with_role(role: str | None, *, programme=None, area=None, **kwargs) -> User:
    """A user holding ``role`` over ``area`` (or the whole ``programme``); None = resident."""
    user = UserFactory(**kwargs)
    if role == "superuser":
        user.is_superuser = user.is_staff = True
        user.save()
    elif role:
        programme = programme or (area.programme if area else ProgrammeFactory())
        RoleAssignmentFactory(user=user, role=role, programme=programme, area=area)
    return user
