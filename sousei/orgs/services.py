"""Writes for organisations, users and roles, and the one permission check they share."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sousei.areas.master import AreaKind
from sousei.areas.models import Area, Region
from sousei.areas.selectors import area_get
from sousei.errors import InvalidInput, PermissionDenied
from sousei.orgs.models import LoginFailure, Membership, Organisation, Role

# What each role may do in its own organisation; later capabilities add actions here.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({"view"}),
    Role.EDITOR: frozenset({"view", "edit"}),
    Role.ADMIN: frozenset({"view", "edit", "manage_members"}),
}


def user_can(
    user: AbstractBaseUser | AnonymousUser, organisation: Organisation, action: str
) -> bool:
    """Whether `user` may do `action` in `organisation`; staff of another org never may."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    return role is not None and action in ROLE_ACTIONS[role]


def require(
    user: AbstractBaseUser | AnonymousUser, organisation: Organisation, action: str
) -> None:
    if not user_can(user, organisation, action):
        raise PermissionDenied(
            f"「{organisation.name}」でこの操作（{action}）を行う権限がありません。",
            f"You may not {action} in {organisation.name}.",
        )


def require_unless_operator(
    actor: AbstractBaseUser | None, organisation: Organisation, action: str = "edit"
) -> None:
    """`None` is the operator at the server's shell (the CLI); everyone else needs `action`."""
    if actor is not None:
        require(actor, organisation, action)


def organisation_for_writing(actor: AbstractBaseUser | None, code: str) -> Organisation:
    """The organisation of a municipality or prefecture code, for a write by `actor`.

    The operator and site administrators may create it on first use; staff may only write to
    an organisation they already belong to.
    """
    if actor is None or actor.is_superuser:
        return organisation_for_area(code=code)
    normalized = area_get(code=code).code
    organisation = Organisation.objects.filter(area_id=normalized).first()
    if organisation is None:
        raise PermissionDenied(
            f"団体 {normalized} の組織に書き込む権限がありません。",
            f"You may not write for {normalized}.",
        )
    require(actor, organisation, "edit")
    return organisation


@transaction.atomic
def organisation_for_area(*, code: str) -> Organisation:
    """The organisation of a municipality or prefecture, created on first use."""
    view = area_get(code=code)
    if view.kind == AreaKind.WARD:
        raise InvalidInput(
            f"{view.name} は行政区のため組織にできません。"
            f"市（{view.parent_name}）を指定してください。",
            f"{view.name} is a ward; use its city ({view.parent_name}) as the organisation.",
            code="ward_not_organisation",
        )
    area = Area.objects.get(code=view.code)
    organisation, _ = Organisation.objects.get_or_create(
        area=area,
        defaults={"slug": area.code, "name": area.name, "is_sample": area.is_sample},
    )
    return organisation


@transaction.atomic
def organisation_for_region(*, region: Region) -> Organisation:
    """The organisation a region's coordinator publishes under."""
    organisation, _ = Organisation.objects.get_or_create(
        region=region,
        defaults={"slug": region.slug, "name": region.name, "is_sample": region.is_sample},
    )
    return organisation


def _validated_password(password: str, username: str) -> None:
    probe = get_user_model()(username=username)
    try:
        validate_password(password, probe)
    except ValidationError as exc:
        raise InvalidInput(
            "パスワードが要件を満たしていません: " + " ".join(exc.messages),
            "The password is too weak: " + " ".join(exc.messages),
            code="weak_password",
        ) from exc


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    superuser: bool = False,
    organisation: Organisation | None = None,
    role: str = Role.EDITOR,
    department: str = "",
    check_password: bool = True,
) -> AbstractBaseUser:
    """Create a user, optionally with a role in one organisation."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise InvalidInput(
            f"ユーザー名「{username}」は既に使われています。",
            f"The username {username!r} is taken.",
            code="username_taken",
        )
    if role not in Role.values:
        raise InvalidInput(
            f"役割「{role}」は使えません（{', '.join(Role.values)}）。",
            f"Unknown role {role!r}; use one of {', '.join(Role.values)}.",
            code="invalid_role",
        )
    if check_password:
        _validated_password(password, username)
    user = user_model.objects.create_user(
        username=username, email=email, password=password, is_superuser=superuser
    )
    if superuser:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if organisation is not None:
        Membership.objects.create(
            user=user, organisation=organisation, role=role, department=department
        )
    return user


def membership_set(
    *,
    actor: AbstractBaseUser,
    user: AbstractBaseUser,
    organisation: Organisation,
    role: str,
    department: str = "",
) -> Membership:
    """Give `user` a role in `organisation`; only that organisation's admins may."""
    require(actor, organisation, "manage_members")
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "department": department}
    )
    return membership


LOGIN_WINDOW_MINUTES = 15
LOGIN_FAILURES_PER_USER = 5
LOGIN_FAILURES_PER_CLIENT = 20


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=LOGIN_WINDOW_MINUTES)


def login_allowed(*, username: str, client: str) -> bool:
    """False after too many recent failures for this username or from this client."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    return (
        recent.filter(username=username).count() < LOGIN_FAILURES_PER_USER
        and recent.filter(client=client).count() < LOGIN_FAILURES_PER_CLIENT
    )


def login_failed(*, username: str, client: str) -> None:
    """Keep the failure; failures older than the window are dropped, having done their work."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(username=username[:150], client=client)


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()
