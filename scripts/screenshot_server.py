"""Screenshots of a workspace running on a team server, and of Settings → Servers, from a real run.

Usage: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_server.py MODEL [OUT]
Starts llama-cpp-python's OpenAI-compatible server on loopback with MODEL, saves it as the server "team"
in a throwaway COPYDESK_HOME (set one), runs the chat workspace on it, and writes server-chat.png and
settings-servers.png (default: docs/screenshots).
"""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.types import SamplingOptions
from app.core.remote.endpoints import save_endpoint, with_backend
from app.core.runtime import Runtime
from app.core.settings import RemoteEndpoint
from app.ui.i18n import install_translator
from app.ui.launch import build_app
from app.ui.workspaces.chat import ChatWorkspace


def start_server(model: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias"]
    command += ["smollm2-135m", "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(600):
        try:
            if httpx2.get(f"{url}/models", timeout=1).status_code == 200:
                return server, url
        except httpx2.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> int:
    model = Path(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    server, url = start_server(model)
    try:
        runtime = Runtime.open()
        endpoint = RemoteEndpoint(name="team", base_url=url, context_size=2048)
        remote = with_backend(save_endpoint(runtime.settings.remote, endpoint), "chat", "team")
        runtime.save(dataclasses.replace(runtime.settings, remote=remote))
        app = QApplication(sys.argv)
        install_translator(app)
        parts = build_app(runtime, load_model=False)
        parts.window.resize(1400, 900)
        parts.window.show()
        chat = parts.window.show_workspace("chat")
        assert isinstance(chat, ChatWorkspace)
        chat.sampling = lambda: SamplingOptions(seed=11)

        def ask(*_args: object) -> None:
            chat.input.setPlainText("Suggest three names for a water bottle brand.")
            chat.generate()

        def settings_shot() -> None:
            dialog = parts.open_settings()
            dialog.tabs.setCurrentWidget(dialog.servers_tab)
            dialog.servers_tab.server_list.setCurrentRow(0)

            def take() -> None:
                dialog.grab().save(str(out / "settings-servers.png"))
                print("saved", out / "settings-servers.png")
                dialog.reject()
                QTimer.singleShot(100, app.quit)

            QTimer.singleShot(500, take)

        def chat_shot(*_args: object) -> None:
            parts.window.grab().save(str(out / "server-chat.png"))
            print("saved", out / "server-chat.png")
            QTimer.singleShot(200, settings_shot)

        chat.bridge.model_loaded.connect(lambda _info: QTimer.singleShot(300, ask))
        chat.run_ended.connect(lambda _ok: QTimer.singleShot(400, chat_shot))
        QTimer.singleShot(300_000, app.quit)
        code = app.exec()
        parts.shutdown()
        return code
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
