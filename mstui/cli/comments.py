"""What is said, attached and done on a milestone: `mstui milestone comment`,
`comment-edit`, `comment-delete`, `attach`, `export`, `detach` and `history`.

Handlers only: `milestones.register` adds them to `mstui milestone`, each in
its place in that command's help.
"""

from __future__ import annotations

import argparse

from mstui.cli.context import open_store
from mstui.cli.output import out, plural, print_json, table
from mstui.errors import Invalid


def cmd_milestone_comment(args: argparse.Namespace) -> int:
    from mstui.domain.enums import CommentKind, parse_enum

    kind = parse_enum(CommentKind, "kind", args.kind)
    c = open_store(args).add_comment(args.id, args.text, kind)
    if args.json:
        print_json(c.to_json())
    else:
        print(f"commented on milestone {c.milestone_id} ({c.kind})")
    return 0


def cmd_comment_edit(args: argparse.Namespace) -> int:
    c = open_store(args).edit_comment(args.cid, args.text, args.kind)
    if args.json:
        print_json(c.to_json())
    else:
        out(f"edited comment {c.id} on milestone {c.milestone_id} ({c.kind})")
    return 0


def cmd_comment_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
    c = store.comment(args.cid)
    if not args.yes:
        first = c.body.splitlines()[0] if c.body else ""
        shown = first[:60] + ("…" if len(first) > 60 or "\n" in c.body else "")
        raise Invalid("delete", args.cid, f'repeat with --yes to delete comment "{shown}"')
    store.delete_comment(c.id)
    out(f"deleted comment {c.id} on milestone {c.milestone_id}")
    return 0


def cmd_milestone_attach(args: argparse.Namespace) -> int:
    a = open_store(args).add_attachment(args.id, args.path)
    print(f"attached {a.name} ({a.size:,} bytes) to milestone {a.milestone_id}")
    return 0


def cmd_milestone_export(args: argparse.Namespace) -> int:
    import os
    import sys
    from pathlib import Path

    raw = sys.__stdout__
    if args.dest == "-" and (raw is None or raw.isatty()):
        # The file's bytes as they are: they could drive a terminal (escape sequences).
        raise Invalid("dest", "-", "stdout is a terminal; give a file or pipe it")
    a, data = open_store(args).export_attachment(args.aid)
    if args.dest == "-":
        assert raw is not None
        sys.stdout.flush()
        raw.buffer.write(data)
        raw.buffer.flush()
        return 0
    dest = Path(args.dest or ".").expanduser()
    if dest.is_dir():
        dest = dest / Path(a.name).name
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if args.force else os.O_EXCL)
    try:
        fd = os.open(dest, flags, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except FileExistsError:
        raise Invalid("dest", str(dest), "exists; repeat with --force to replace it") from None
    except OSError as exc:
        raise Invalid("dest", str(dest), f"cannot write it ({exc.strerror})") from None
    out(f"exported {a.name} ({a.size:,} bytes, sha256 checked) to {dest}")
    return 0


def cmd_milestone_detach(args: argparse.Namespace) -> int:
    store = open_store(args)
    a = store.attachment(args.aid)
    if not args.yes:
        raise Invalid("detach", args.aid, f'repeat with --yes to remove "{a.name}"')
    sharing = store.delete_attachment(a.id)
    if sharing:
        note = f" (its stored copy stays: {plural(sharing, 'other attachment')} of the same file)"
    else:
        note = " and deleted its stored copy"
    out(f"removed {a.name} from milestone {a.milestone_id}{note}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from mstui.domain.labels import action_label, field_label, value_label

    acts = open_store(args).activity("milestone" if args.id else None, args.id, args.limit)
    if args.json:
        print_json([a.to_json() for a in acts])
    else:
        rows = [
            (
                f"{a.at:%Y-%m-%d %H:%M}",
                a.actor,
                f"{a.entity} {a.entity_id}",
                action_label(a.action),
                field_label(a.field),
                value_label(a.field, a.old),
                value_label(a.field, a.new),
                a.reason or "",
            )
            for a in acts
        ]
        headers = ["WHEN (UTC)", "WHO", "WHAT", "ACTION", "FIELD", "FROM", "TO", "WHY"]
        print(table(headers, rows))
    return 0
