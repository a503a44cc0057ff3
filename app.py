"""The web app: `python app.py` (host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT).

Only wiring: settings, the Assistant, the Gradio app from assistant.ui, and the
first index build, which runs in the background so the page shows its progress.
"""

from __future__ import annotations

import sys

from assistant.api import Assistant
from assistant.settings import SettingsError, load_settings
from assistant.store import IndexProblem
from assistant.ui import App, build_app, launch_kwargs


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    assistant = Assistant(settings)
    try:
        assistant.store.check_embedder()  # an unreachable Chroma server or a wrong embedder stops here, clearly
    except IndexProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    app = App(assistant)

    def report(result) -> None:
        if result is not None:
            print(result.summary(), file=sys.stderr)
            for file, message in result.failed:
                print(f"  not indexed: {file}: {message}", file=sys.stderr)

    app.start_build(on_done=report)
    demo = build_app(assistant, app=app)
    demo.queue(default_concurrency_limit=4)
    demo.launch(**launch_kwargs(assistant))
    return 0


if __name__ == "__main__":
    sys.exit(main())
