"""`mstui admin pg-setup`: a PostgreSQL database whose roles the database itself enforces.

Run once (and again after each upgrade of mstui) by an admin connected as a
superuser. It makes, when missing:

- `mstui_owner` (no login) owns the tables; `mstui_guard` (no login, BYPASSRLS)
  owns the functions the policies call, so that they can read who is a member
  without recursing through the policies; `mstui_member` (no login) is the
  group every person's role is in;
- one login role per person, named as their OS account: with peer
  authentication on the local socket, the OS account *is* the database role,
  and mstui takes the person from `current_user`;
- row-level security on every table, `FORCE`d so that the owner is bound too,
  with policies that say what the store says (domain/permissions.py): viewers
  read and comment, editors write in their projects, leads manage their
  project and its members, admins manage people and may delete any project;
  a members-only project is invisible to everyone else;
- server time: every recorded time (history, comments, completion, alerts,
  figures) is the server's `now()` for everyone but a superuser, so no client
  clock can forge it.

Migrations need the owner's rights: members cannot alter the schema, so a newer
mstui is set up by running this again, as a superuser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from mstui.errors import Invalid
from mstui.identity import account_named
from mstui.store.engine import Database, open_database

OWNER, GUARD, MEMBER = "mstui_owner", "mstui_guard", "mstui_member"

LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")
"""An OS login that can be a database role as it is (quoted)."""

TIMES: dict[str, tuple[str, ...]] = {
    "activity": ("at",),
    "comment": ("created_at",),
    "alert": ("raised_at", "acknowledged_at", "resolved_at"),
    "milestone": ("created_at", "updated_at", "blocked_at", "completed_at"),
    "task": ("created_at", "completed_at"),
    "measurement": ("recorded_at",),
    "project": ("created_at",),
    "target": ("created_at",),
    "person": ("created_at",),
    "attachment": ("added_at",),
    "baseline": ("saved_at",),
}
"""The recorded times the server sets, by table."""

FUNCTIONS = """
CREATE OR REPLACE FUNCTION mstui_me(who name) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id FROM person WHERE login = who $$;
CREATE OR REPLACE FUNCTION mstui_admin(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE((SELECT is_admin FROM person WHERE login = who), false) $$;
CREATE OR REPLACE FUNCTION mstui_rank(p integer, who name) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE((SELECT CASE m.role WHEN 'viewer' THEN 1 WHEN 'editor' THEN 2
                                  WHEN 'lead' THEN 3 ELSE 0 END
                           FROM projectmember m JOIN person pe ON pe.id = m.person_id
                           WHERE m.project_id = p AND pe.login = who), 0) $$;
CREATE OR REPLACE FUNCTION mstui_sees(p integer, who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT p IS NULL OR mstui_admin(who) OR mstui_rank(p, who) > 0
                 OR EXISTS (SELECT 1 FROM project WHERE id = p AND visibility = 'team') $$;
CREATE OR REPLACE FUNCTION mstui_is_lead(p integer, who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT mstui_rank(p, who) = 3
                 OR EXISTS (SELECT 1 FROM project WHERE id = p AND lead_id = mstui_me(who)) $$;
CREATE OR REPLACE FUNCTION mstui_leads(p integer, who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT mstui_admin(who) OR mstui_is_lead(p, who) $$;
CREATE OR REPLACE FUNCTION mstui_edits(p integer, who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT mstui_rank(p, who) >= 2 OR mstui_is_lead(p, who) $$;
CREATE OR REPLACE FUNCTION mstui_leads_any(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT mstui_admin(who) OR EXISTS (
              SELECT 1 FROM projectmember m JOIN person pe ON pe.id = m.person_id
              WHERE pe.login = who AND m.role = 'lead') $$;
CREATE OR REPLACE FUNCTION mstui_milestone_project(m integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT project_id FROM milestone WHERE id = m $$;
CREATE OR REPLACE FUNCTION mstui_task_project(t integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT project_id FROM task WHERE id = t $$;
CREATE OR REPLACE FUNCTION mstui_target_project(t integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT project_id FROM target WHERE id = t $$;
CREATE OR REPLACE FUNCTION mstui_baseline_project(b integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT project_id FROM baseline WHERE id = b $$;
CREATE OR REPLACE FUNCTION mstui_server_time() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    c text;
    patch jsonb := '{}';
    now_row jsonb := to_jsonb(NEW);
    old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{}' END;
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NEW;  -- a superuser (an admin copying or restoring) keeps the times given
    END IF;
    FOREACH c IN ARRAY TG_ARGV LOOP
        IF now_row ->> c IS NOT NULL
           AND (TG_OP = 'INSERT' OR (now_row -> c) IS DISTINCT FROM (old_row -> c)) THEN
            patch := patch || jsonb_build_object(c, now());
        END IF;
    END LOOP;
    RETURN jsonb_populate_record(NEW, patch);
END
$$;
"""

WHO = "current_user"


def _policies() -> dict[str, list[tuple[str, str, str | None]]]:
    """Per table: (command, USING, WITH CHECK) for the members' role."""
    sees = f"mstui_sees(project_id, {WHO})"
    edits = f"mstui_edits(project_id, {WHO})"
    leads = f"mstui_leads(project_id, {WHO})"
    admin = f"mstui_admin({WHO})"
    me = f"mstui_me({WHO})"

    def via(fn: str, column: str) -> dict[str, str]:
        p = f"{fn}({column})"
        return {
            "sees": f"mstui_sees({p}, {WHO})",
            "edits": f"mstui_edits({p}, {WHO})",
        }

    def work(s: str, e: str) -> list[tuple[str, str, str | None]]:
        """Seen by who sees the project; written by its editors (WITH CHECK: a refusal)."""
        gone = f"({e}) OR {admin}"  # an admin deletes a project with everything in it
        return [("SELECT", s, None), ("INSERT", "", e), ("UPDATE", s, e), ("DELETE", gone, None)]

    m, t, g = (
        via("mstui_milestone_project", "milestone_id"),
        via("mstui_task_project", "task_id"),
        via("mstui_target_project", "target_id"),
    )
    succ = via("mstui_milestone_project", "successor_id")
    kept = via("mstui_baseline_project", "baseline_id")
    return {
        "department": [("SELECT", "true", None), ("INSERT", "", "true"),
                       ("UPDATE", admin, admin), ("DELETE", admin, None)],
        "person": [
            ("SELECT", "true", None),
            ("INSERT", "", f"({admin}) OR (login = {WHO} AND NOT is_admin)"),
            ("UPDATE", f"{admin} OR login = {WHO}",
             f"{admin} OR (login = {WHO} AND NOT is_admin)"),
            ("DELETE", admin, None),
        ],
        "project": [
            # The row's own columns first: a new project is not in the functions' snapshot.
            ("SELECT", f"visibility = 'team' OR lead_id = {me} OR mstui_sees(id, {WHO})", None),
            ("INSERT", "", f"lead_id = {me}"),
            ("UPDATE", f"mstui_leads(id, {WHO})", f"mstui_leads(id, {WHO}) OR {admin}"),
            ("DELETE", f"mstui_leads(id, {WHO})", None),
        ],
        "projectmember": [
            ("SELECT", sees, None),
            ("INSERT", "", f"{leads} OR ({edits} AND role <> 'lead')"),
            ("UPDATE", f"{leads} OR ({edits} AND role <> 'lead')",
             f"{leads} OR ({edits} AND role <> 'lead')"),
            ("DELETE", leads, None),
        ],
        "milestone": work(sees, edits),
        "task": work(sees, edits),
        "target": work(sees, edits),
        "checkpoint": work(g["sees"], g["edits"]),
        "measurement": work(g["sees"], g["edits"]),
        "milestonedependency": work(succ["sees"], succ["edits"]),
        "attachment": work(m["sees"], m["edits"]),
        "booking": work(
            f"COALESCE({m['sees']}, {t['sees']})",
            f"CASE WHEN milestone_id IS NOT NULL THEN {m['edits']} ELSE {t['edits']} END",
        ),
        # Editors save a baseline (with its items, in one transaction); its lead deletes it.
        "baseline": [("SELECT", sees, None), ("INSERT", "", edits), ("DELETE", leads, None)],
        "baselineitem": [("SELECT", kept["sees"], None), ("INSERT", "", kept["edits"]),
                         ("DELETE", f"mstui_leads(mstui_baseline_project(baseline_id), {WHO})",
                          None)],
        "comment": [
            ("SELECT", m["sees"], None),
            ("INSERT", "", f"author_id = {me} AND mstui_rank(mstui_milestone_project"
                           f"(milestone_id), {WHO}) >= 1"),
            ("UPDATE", f"author_id = {me}", f"author_id = {me}"),
            ("DELETE", f"author_id = {me} OR {m['edits']}", None),
        ],
        "activity": [
            ("SELECT", sees, None),
            ("INSERT", "", f"actor_id IS NOT DISTINCT FROM {me} AND {sees}"),
            ("DELETE", leads, None),
        ],
        "alert": [
            ("SELECT", f"recipient_id = {me} OR {sees}", None),
            ("INSERT", "", sees),
            ("UPDATE", f"recipient_id = {me} OR {sees}", f"recipient_id = {me} OR {sees}"),
            ("DELETE", leads, None),
        ],
        "alertscan": [("ALL", "true", "true")],
        "resource": [
            ("SELECT", "true", None),
            ("INSERT", "", f"mstui_leads_any({WHO})"),
            ("UPDATE", f"mstui_leads_any({WHO})", f"mstui_leads_any({WHO})"),
            ("DELETE", f"mstui_leads_any({WHO})", None),
        ],
    }  # fmt: skip


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ensure_role(conn: sa.Connection, name: str, attributes: str) -> None:
    """Make the role unless it exists (roles belong to the whole server: another
    database's setup, or another admin at the same moment, may have made it)."""
    conn.exec_driver_sql(
        f"DO $$ BEGIN CREATE ROLE {_q(name)} {attributes}; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def check_logins(logins: Iterable[str]) -> list[str]:
    out = []
    for login in logins:
        if not LOGIN.match(login) or login.startswith("pg_") or login.startswith("mstui_"):
            raise Invalid("--person", login, "not an OS login that can be a database role")
        out.append(login)
    return out


def pg_setup(url: str, people: Sequence[str], admins: Sequence[str]) -> Database:
    """Set up the database at `url` as above (as a superuser); returns it opened."""
    logins = check_logins([*admins, *people])
    db = open_database(url)  # creates the schema, or migrates it to head
    if db.is_sqlite:
        db.close()
        raise Invalid("--db", db.label, "is a SQLite file: pg-setup is for PostgreSQL")
    try:
        with db.engine.begin() as conn:
            who, superuser = conn.exec_driver_sql(
                "SELECT rolname, rolsuper FROM pg_roles WHERE rolname = current_user"
            ).one()
            if not superuser:
                raise Invalid("pg-setup", who, "needs a superuser (for example: sudo -u postgres)")
            _install(conn, logins, admins)
    except BaseException:
        db.close()
        raise
    return db


def _install(conn: sa.Connection, logins: list[str], admins: Sequence[str]) -> None:
    _ensure_role(conn, OWNER, "NOLOGIN")
    _ensure_role(conn, GUARD, "NOLOGIN BYPASSRLS")
    _ensure_role(conn, MEMBER, "NOLOGIN")
    tables = [r[0] for r in conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
    sequences = [r[0] for r in conn.exec_driver_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")]  # fmt: skip
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {MEMBER}, {GUARD}")
    for table in tables:
        conn.exec_driver_sql(f"ALTER TABLE {_q(table)} OWNER TO {OWNER}")
        conn.exec_driver_sql(f"GRANT SELECT ON {_q(table)} TO {GUARD}")
        if table == "alembic_version":
            conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {MEMBER}")
            continue
        conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_q(table)} TO {MEMBER}")
    # Nobody but an admin marks an admin, or renames a login.
    conn.exec_driver_sql(f"REVOKE UPDATE ON person FROM {MEMBER}")
    conn.exec_driver_sql(
        f"GRANT UPDATE (name, department_id, is_department_head, timezone) ON person TO {MEMBER}"
    )
    for seq in sequences:
        conn.exec_driver_sql(f"ALTER SEQUENCE {_q(seq)} OWNER TO {OWNER}")
        conn.exec_driver_sql(f"GRANT USAGE, SELECT ON SEQUENCE {_q(seq)} TO {MEMBER}")
    conn.exec_driver_sql(FUNCTIONS)
    for fn in conn.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname LIKE 'mstui\\_%%'"
    ):
        owner = OWNER if fn[0].startswith(("mstui_server_time", "mstui_changed")) else GUARD
        conn.exec_driver_sql(f"ALTER FUNCTION {fn[0]} OWNER TO {owner}")
    for table, rules in _policies().items():
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for (name,) in conn.exec_driver_sql(
            "SELECT policyname FROM pg_policies WHERE tablename = %s", (table,)
        ).fetchall():
            conn.exec_driver_sql(f"DROP POLICY {_q(name)} ON {table}")
        for command, using, check in rules:
            sql = f"CREATE POLICY mstui_{command.lower()} ON {table} FOR {command} TO {MEMBER}"
            if using:
                sql += f" USING ({using})"
            if check:
                sql += f" WITH CHECK ({check})"
            conn.exec_driver_sql(sql)
    for table, columns in TIMES.items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS mstui_server_time ON {table}")
        args = ", ".join(f"'{c}'" for c in columns)
        conn.exec_driver_sql(
            f"CREATE TRIGGER mstui_server_time BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION mstui_server_time({args})"
        )
    for login in logins:
        add_login(conn, login)
        conn.exec_driver_sql(
            "INSERT INTO person (login, name, is_department_head, created_at, is_admin) "
            "VALUES (%s, %s, false, now(), %s) ON CONFLICT (login) DO UPDATE "
            "SET is_admin = person.is_admin OR EXCLUDED.is_admin",
            (login, _full_name(login), login in admins),
        )


def _full_name(login: str) -> str:
    account = account_named(login)
    return account.full_name if account else login


def add_login(conn: sa.Connection, login: str) -> None:
    """A login role for the person `login`, in the members' group."""
    _ensure_role(conn, login, "LOGIN")
    conn.exec_driver_sql(f"GRANT {MEMBER} TO {_q(login)}")


def enforcing_login(db: Database) -> str | None:
    """The database role mstui acts as, when the database enforces the roles itself
    (pg-setup was run): the person is `current_user`, whatever the client says."""
    if db.is_sqlite:
        return None
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT current_user, (SELECT relrowsecurity FROM pg_class WHERE relname = "
            "'milestone' AND relnamespace = 'public'::regnamespace)"
        ).first()
    return str(row[0]) if row is not None and row[1] else None
