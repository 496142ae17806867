"""The core: text, dates and URLs, which every layer above uses."""
