"""Start the chat UI: settings from BOT_* variables, one Bot, Gradio on 127.0.0.1 by default."""

import logging
import threading

from bot import Bot, Settings
from bot.ui import build_ui

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = Settings.from_env()
    bot = Bot.from_settings(settings, progress=True)
    # Load the model and process the passages now, so the first question is fast.
    threading.Thread(target=bot.warm, daemon=True).start()
    build_ui(bot).queue(default_concurrency_limit=1).launch(
        server_name=settings.host, server_port=settings.port, share=False, show_error=False
    )
