"""The permission table: what each role may do, and the refusal's words."""

from __future__ import annotations

import pytest

from mstui.domain.enums import Role
from mstui.domain.permissions import Permission, Standing, Visibility, allowed, refusal

P = Permission


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (None, set()),
        (Role.VIEWER, {P.READ, P.COMMENT}),
        (Role.EDITOR, {P.READ, P.COMMENT, P.EDIT}),
        (Role.LEAD, {P.READ, P.COMMENT, P.EDIT, P.MANAGE, P.DELETE_PROJECT, P.CHANGE_LEAD}),
    ],
)
def test_each_role_includes_the_ones_below(role: Role | None, may: set[Permission]) -> None:
    who = Standing(role, project="MKT", visibility=Visibility.MEMBERS)
    assert {p for p in Permission if allowed(p, who)} == may


def test_a_team_project_is_read_by_everyone_but_written_by_its_members_only() -> None:
    outsider = Standing(None, project="MKT")
    assert allowed(P.READ, outsider)
    assert not allowed(P.COMMENT, outsider)
    assert refusal(P.EDIT, outsider) == "needs editor on MKT (you are not a member)"


def test_an_admin_manages_people_leads_and_deletes_but_does_not_edit_work() -> None:
    admin = Standing(None, admin=True, project="MKT", visibility=Visibility.MEMBERS)
    assert {p for p in Permission if allowed(p, admin)} == {
        P.READ,
        P.DELETE_PROJECT,
        P.CHANGE_LEAD,
        P.MANAGE_PEOPLE,
    }
    assert refusal(P.EDIT, admin) == "needs editor on MKT (you are not a member)"


def test_the_refusal_names_the_role_needed_and_the_role_held() -> None:
    viewer = Standing(Role.VIEWER, project="MKT")
    assert refusal(P.EDIT, viewer) == "needs editor on MKT (you are viewer)"
    assert refusal(P.MANAGE, Standing(Role.EDITOR, project="MKT")) == (
        "needs lead on MKT (you are editor)"
    )
    assert refusal(P.DELETE_PROJECT, viewer) == "needs lead or an admin on MKT (you are viewer)"
    assert refusal(P.MANAGE_PEOPLE, Standing(Role.LEAD)) == (
        "manage people needs an admin of this server"
    )
    assert refusal(P.COMMENT, viewer) is None
