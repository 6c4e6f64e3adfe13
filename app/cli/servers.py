"""``copydesk servers``: save, list, check and remove the team's inference servers.

API keys go to the OS keyring (``--api-key-stdin``) or stay in an environment variable named with
``--api-key-env``; the settings file only ever holds the variable's name.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import TextIO

from app.cli.common import CliError, Parser, positive_int
from app.core.engine.remote import RemoteEngine
from app.core.engine.types import CancelToken, GenerationRequest, SamplingOptions
from app.core.remote.api_keys import ApiKeyError, delete_api_key, has_api_key, store_api_key
from app.core.remote.connect import remote_choice
from app.core.remote.endpoints import EndpointError, remove_endpoint, save_endpoint
from app.core.runtime import Runtime
from app.core.settings import RemoteEndpoint


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    servers = commands.add_parser("servers", help="shared inference servers (OpenAI-compatible)")
    servers.set_defaults(handler=cmd_list, json=False)
    actions = servers.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)

    listing = actions.add_parser("list", help="saved servers")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=cmd_list)

    add = actions.add_parser("add", help="save a server under a name (replaces one of the same name)")
    add.add_argument("name", help="a short name, e.g. team-gpu")
    add.add_argument("url", help="the API root, e.g. http://10.0.0.5:8080/v1")
    add.add_argument("--model", default="", help="model id on the server (default: its first model)")
    keys = add.add_mutually_exclusive_group()
    keys.add_argument("--api-key-env", default="", metavar="VAR", help="read the API key from this variable")
    keys.add_argument(
        "--api-key-stdin", action="store_true", help="read the API key from stdin into the keyring"
    )
    add.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="longest wait (120)")
    add.add_argument("--no-verify-tls", action="store_true", help="accept any certificate (not recommended)")
    add.add_argument("--ca-file", default="", metavar="PEM", help="CA bundle for an in-house certificate")
    add.add_argument("--in-flight", type=positive_int, default=4, metavar="N", help="parallel requests (4)")
    add.add_argument(
        "--context-size", type=positive_int, metavar="N", help="tokens (default: ask the server)"
    )
    add.set_defaults(handler=cmd_add)

    remove = actions.add_parser("remove", help="forget a saved server and its stored API key")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_remove)

    for name, handler, about in (
        ("models", cmd_models, "list the models a server offers"),
        ("test", cmd_test, "connect, list models and time a tiny generation"),
    ):
        sub = actions.add_parser(name, help=about)
        sub.add_argument("server", metavar="NAME|URL")
        sub.add_argument("--remote-model", default="", metavar="NAME", help="model id on the server")
        sub.add_argument(
            "--api-key-env", default="", metavar="VAR", help="read the API key from this variable"
        )
        sub.set_defaults(handler=handler)


def cmd_list(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    endpoints = runtime.settings.remote.endpoints
    if args.json:
        rows = [dataclasses.asdict(e) | {"api_key_stored": has_api_key(e.name)} for e in endpoints]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    if not endpoints:
        out.write("No servers saved. Add one with: copydesk servers add NAME URL\n")
        return 0
    for e in endpoints:
        key = (
            f"key from ${e.api_key_env}"
            if e.api_key_env
            else ("key in keyring" if has_api_key(e.name) else "no key")
        )
        tls = "TLS not verified" if not e.verify_tls else (f"CA {e.ca_file}" if e.ca_file else "")
        details = ", ".join(
            part
            for part in (
                e.model or "first model",
                key,
                f"{e.in_flight} in flight",
                f"timeout {e.timeout_s:g} s",
                tls,
            )
            if part
        )
        out.write(f"{e.name}\t{e.base_url}\t{details}\n")
    return 0


def cmd_add(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    endpoint = RemoteEndpoint(
        name=args.name.strip(),
        base_url=args.url,
        model=args.model,
        timeout_s=args.timeout,
        verify_tls=not args.no_verify_tls,
        ca_file=args.ca_file,
        in_flight=args.in_flight,
        context_size=args.context_size or 0,
        api_key_env=args.api_key_env,
    )
    before = runtime.settings
    section = before.remote
    existing = next((e for e in section.endpoints if e.name.casefold() == endpoint.name.casefold()), None)
    try:
        updated = save_endpoint(section, endpoint, replacing=existing.name if existing else None)
    except EndpointError as exc:
        raise CliError(str(exc)) from None
    key = sys.stdin.readline() if args.api_key_stdin else None
    runtime.save(dataclasses.replace(before, remote=updated))
    if key is not None:
        try:
            store_api_key(endpoint.name, key)
        except ApiKeyError:
            runtime.save(before)  # no server saved without the key it was given
            raise
    saved = updated.endpoint(endpoint.name)
    assert saved is not None
    if not endpoint.verify_tls:
        err.write(
            "copydesk: warning: TLS verification is off; anyone on the network path can read and change "
            "the texts\n"
        )
    out.write(f"Saved {saved.name}: {saved.base_url}\n")
    return 0


def cmd_remove(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    try:
        updated = remove_endpoint(runtime.settings.remote, args.name)
    except EndpointError as exc:
        raise CliError(str(exc)) from None
    runtime.save(dataclasses.replace(runtime.settings, remote=updated))
    forgot_key = delete_api_key(args.name)
    out.write(f"Removed {args.name}{' and its stored API key' if forgot_key else ''}.\n")
    return 0


def _open(args: argparse.Namespace, runtime: Runtime) -> RemoteEngine:
    try:
        choice = remote_choice(
            runtime.settings.remote, args.server, model=args.remote_model, api_key_env=args.api_key_env
        )
    except EndpointError as exc:
        raise CliError(str(exc)) from None
    return choice.connect()


def cmd_models(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    engine = _open(args, runtime)
    try:
        for model in engine.list_models():
            size = f"\tcontext {model.context_size}" if model.context_size else ""
            out.write(f"{model.id}{size}\n")
    finally:
        engine.close()
    return 0


def cmd_test(args: argparse.Namespace, runtime: Runtime, out: TextIO, err: TextIO) -> int:
    started = time.perf_counter()
    engine = _open(args, runtime)
    try:
        connected = time.perf_counter() - started
        out.write(f"Connected to {engine.host} in {connected * 1000:.0f} ms\n")
        out.write(f"Model: {engine.model_name} (context {engine.context_size} tokens)\n")
        request = GenerationRequest.chat(
            "Say hello in five words.", max_tokens=16, sampling=SamplingOptions(seed=1)
        )
        final = None
        for chunk in engine.stream(request, CancelToken()):
            final = chunk
        assert final is not None and final.timings is not None
        t = final.timings
        out.write(
            f"Generated {t.generated_tokens} tokens: first after {t.ttft_s * 1000:.0f} ms, "
            f"{t.tokens_per_second:.1f} tok/s\n"
        )
    finally:
        engine.close()
    return 0
