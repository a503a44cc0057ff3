"""The web app (Gradio): `build_app(assistant)` returns the `gr.Blocks`; `launch_kwargs`
gives the arguments for `launch`. Run it with `python app.py` from the repository root."""

from assistant.ui.blocks import App, build_app, launch_kwargs

__all__ = ["App", "build_app", "launch_kwargs"]
