"""Renderings and exports of what bilat knows: dossiers now; tables and graphs later."""
