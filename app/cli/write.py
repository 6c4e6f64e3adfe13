"""``copydesk write product`` and ``copydesk write blog``: the app's writing jobs, headless.

Both stream what the model writes as it is written, with readable labels; ``--json`` (product) gives
scripts the parts and the channel's limits to check instead. Each kind is its own module:
:mod:`app.cli.write_product` and :mod:`app.cli.write_blog`.
"""

from __future__ import annotations

import argparse

from app.cli import write_blog, write_product
from app.cli.common import Parser


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    write = commands.add_parser("write", help="write product copy or a blog post, streamed to stdout")
    kinds = write.add_subparsers(dest="write_kind", metavar="KIND", parser_class=Parser, required=True)
    write_product.register(kinds)
    write_blog.register(kinds)
