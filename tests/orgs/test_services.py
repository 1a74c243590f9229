import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from sousei.errors import InvalidInput, PermissionDenied
from sousei.orgs.services import membership_set, organisation_for_area, user_can, user_create

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase"


def test_organisation_is_created_once_per_area():
    first = organisation_for_area(code="03209")
    again = organisation_for_area(code="032093")
    assert first.pk == again.pk
    assert (first.slug, first.name) == ("032093", "一関市")


def test_a_ward_cannot_be_an_organisation():
    with pytest.raises(InvalidInput, match="札幌市"):
        organisation_for_area(code="011011")


def test_roles_grant_their_actions_in_their_own_organisation_only():
    ichinoseki = organisation_for_area(code="032093")
    kurashiki = organisation_for_area(code="332020")
    editor = user_create(username="ed", password=PASSWORD, organisation=ichinoseki, role="editor")
    viewer = user_create(username="vi", password=PASSWORD, organisation=ichinoseki, role="viewer")
    assert user_can(editor, ichinoseki, "edit")
    assert not user_can(editor, ichinoseki, "manage_members")
    assert not user_can(editor, kurashiki, "edit")
    assert not user_can(editor, kurashiki, "view")
    assert user_can(viewer, ichinoseki, "view")
    assert not user_can(viewer, ichinoseki, "edit")
    assert not user_can(AnonymousUser(), ichinoseki, "view")


def test_site_administrator_may_do_anything():
    admin = user_create(username="root", password=PASSWORD, superuser=True)
    assert user_can(admin, organisation_for_area(code="332020"), "manage_members")


def test_only_an_organisations_admin_may_give_roles_in_it():
    ichinoseki = organisation_for_area(code="032093")
    kurashiki = organisation_for_area(code="332020")
    admin = user_create(username="adm", password=PASSWORD, organisation=ichinoseki, role="admin")
    newcomer = user_create(username="new", password=PASSWORD)
    membership_set(actor=admin, user=newcomer, organisation=ichinoseki, role="editor")
    assert user_can(newcomer, ichinoseki, "edit")
    with pytest.raises(PermissionDenied):
        membership_set(actor=admin, user=newcomer, organisation=kurashiki, role="editor")


def test_weak_password_and_taken_username_are_refused():
    with pytest.raises(InvalidInput) as err:
        user_create(username="weak", password="12345678")
    assert err.value.code == "weak_password"
    user_create(username="taken", password=PASSWORD)
    with pytest.raises(InvalidInput):
        user_create(username="taken", password=PASSWORD)
    assert get_user_model().objects.filter(username="taken").count() == 1
