"""Cross-article resolution: facts merged into events, persons across documents."""
