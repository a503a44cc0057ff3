"""The web app: `python app.py` (host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT).

Only wiring: settings, the Assistant, a first-run index build with visible progress,
then the Gradio app from assistant.ui.
"""

from __future__ import annotations

import sys

from assistant.api import Assistant
from assistant.settings import Settings
from assistant.ui import build_app, launch_kwargs


def main() -> None:
    assistant = Assistant(Settings())
    report = assistant.ensure_index(show_progress=True)  # builds the index on first run (progress on stderr)
    if report is not None:
        print(report.summary(), file=sys.stderr)
        for file, message in report.failed:
            print(f"  not indexed: {file}: {message}", file=sys.stderr)
    assistant.search("الداخلة Dakhla")  # warm-up: loads the models and keyword index before the first user
    demo = build_app(assistant)
    demo.queue(default_concurrency_limit=4)
    demo.launch(**launch_kwargs(assistant))


if __name__ == "__main__":
    main()
